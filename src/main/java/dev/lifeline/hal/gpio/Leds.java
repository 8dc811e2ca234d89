package dev.lifeline.hal.gpio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The board's GPIO outputs by function name (board profile {@code gpio:} map). A function
 * the board does not have gives an {@link Led#absent absent} LED, so callers never branch
 * on the board model.
 */
public interface Leds extends AutoCloseable {
    String WAN = "led-wan";
    String SURVIVAL = "led-survival";
    String POWER_FAIL_RELAY = "power-fail-relay";

    Led led(String function);

    @Override
    void close();

    /** No GPIO at all (tests, boards without indicators). */
    static Leds none() {
        Map<String, Led> made = new ConcurrentHashMap<>();
        return new Leds() {
            @Override public Led led(String function) { return made.computeIfAbsent(function, Led::absent); }
            @Override public void close() { }
        };
    }
}
