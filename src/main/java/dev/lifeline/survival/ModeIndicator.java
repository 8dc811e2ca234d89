package dev.lifeline.survival;

import dev.lifeline.hal.gpio.Led;
import dev.lifeline.hal.gpio.Leds;

/**
 * Shows the mode on the front panel: {@code led-wan} on while HQ answers, {@code led-survival}
 * on in SURVIVAL and blinking in RECOVERING (routing locally, waiting out the hold-down).
 */
public final class ModeIndicator implements ModeListener, WanListener {
    /** Blink period of led-survival in RECOVERING. */
    public static final long BLINK_PERIOD_MS = 1_000;

    private final Led wan;
    private final Led survival;

    public ModeIndicator(Leds leds) {
        this.wan = leds.led(Leds.WAN);
        this.survival = leds.led(Leds.SURVIVAL);
    }

    /** Sets both LEDs from scratch (at start). */
    public void show(Mode mode, boolean wanUp) {
        onWanChanged(wanUp);
        onModeChanged(mode, mode, "initial");
    }

    @Override
    public void onModeChanged(Mode from, Mode to, String cause) {
        switch (to) {
            case NORMAL -> survival.off();
            case SURVIVAL -> survival.on();
            case RECOVERING -> survival.blink(BLINK_PERIOD_MS);
        }
    }

    @Override
    public void onWanChanged(boolean up) {
        if (up) wan.on();
        else wan.off();
    }
}
