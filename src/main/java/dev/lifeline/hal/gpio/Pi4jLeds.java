package dev.lifeline.hal.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.lifeline.config.BoardProfile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * GPIO outputs through Pi4J 3. On the simulated board every pin is a Pi4J mock digital output
 * (its state can be read back, which is what the tests do); on real hardware the auto-detected
 * Pi4J context is used (the device image must then carry a GPIO provider plugin such as
 * {@code pi4j-plugin-gpiod}; without one the outputs are absent and a warning is logged).
 *
 * <p>Blinking is done by one small daemon thread of our own rather than Pi4J's
 * {@code blinkAsync}, so a blink can be stopped and restarted cleanly from any state.
 */
public final class Pi4jLeds implements Leds {
    private final Context context;
    private final Map<String, PinLed> pins = new LinkedHashMap<>();
    private final Map<String, Led> absent = new ConcurrentHashMap<>();
    private final ScheduledExecutorService blinker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "led-blink");
        t.setDaemon(true);
        return t;
    });

    private Pi4jLeds(Context context, Map<String, Integer> gpio, String provider) {
        this.context = context;
        for (Map.Entry<String, Integer> e : gpio.entrySet()) {
            try {
                var cfg = DigitalOutput.newConfigBuilder(context).id(e.getKey()).name(e.getKey()).address(e.getValue())
                        .initial(DigitalState.LOW).shutdown(DigitalState.LOW);
                if (provider != null) cfg.provider(provider);
                pins.put(e.getKey(), new PinLed(e.getKey(), context.create(cfg)));
            } catch (RuntimeException ex) {
                Logger.warn("GPIO {} (pin {}) unavailable: {}", e.getKey(), e.getValue(), ex.toString());
            }
        }
        Logger.info("GPIO outputs: {}", pins.keySet());
    }

    /** The outputs of {@code board}'s gpio map; mock pins when the board is simulated. */
    public static Pi4jLeds forBoard(BoardProfile board) {
        if ("sim".equals(board.driver())) return mock(board.gpio());
        return new Pi4jLeds(Pi4J.newAutoContext(), board.gpio(), null);
    }

    /** Pi4J mock pins for {@code gpio} (function → pin number). */
    public static Pi4jLeds mock(Map<String, Integer> gpio) {
        Context ctx = Pi4J.newContextBuilder().noAutoDetect().add(MockDigitalOutputProvider.newInstance()).build();
        return new Pi4jLeds(ctx, gpio, MockDigitalOutputProvider.ID);
    }

    @Override
    public Led led(String function) {
        PinLed p = pins.get(function);
        return p != null ? p : absent.computeIfAbsent(function, Led::absent);
    }

    /** The level of the pin behind {@code function} right now (false if absent). */
    public boolean isHigh(String function) {
        PinLed p = pins.get(function);
        return p != null && p.out.isHigh();
    }

    /** The Pi4J context (for diagnostics and tests). */
    public Context context() { return context; }

    @Override
    public void close() {
        blinker.shutdownNow();
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            Logger.debug("Pi4J shutdown: {}", e.toString());
        }
    }

    private final class PinLed implements Led {
        private final String function;
        private final DigitalOutput out;
        private volatile State state = State.OFF;
        private ScheduledFuture<?> blinking;

        PinLed(String function, DigitalOutput out) {
            this.function = function;
            this.out = out;
        }

        @Override public String function() { return function; }
        @Override public State state() { return state; }

        @Override
        public synchronized void on() {
            stopBlink();
            state = State.ON;
            out.high();
        }

        @Override
        public synchronized void off() {
            stopBlink();
            state = State.OFF;
            out.low();
        }

        @Override
        public synchronized void blink(long periodMs) {
            if (state == State.BLINKING) return; // keep the running rhythm
            state = State.BLINKING;
            out.high();
            long half = Math.max(10, periodMs / 2);
            blinking = blinker.scheduleAtFixedRate(this::toggle, half, half, TimeUnit.MILLISECONDS);
        }

        private synchronized void toggle() {
            if (state == State.BLINKING) out.toggle();
        }

        private void stopBlink() {
            if (blinking != null) {
                blinking.cancel(false);
                blinking = null;
            }
        }

        @Override public String toString() { return function + ": " + state; }
    }
}
