package dev.lifeline.hal.gpio;

/** One indicator (or any on/off output, such as the power-fail relay) on a GPIO pin. */
public interface Led {
    /** What drives it: off, steadily on, or blinking. */
    enum State { OFF, ON, BLINKING }

    /** The board-profile function name, e.g. {@code led-wan}. */
    String function();

    void on();

    void off();

    /** Toggles every {@code periodMs / 2}: on for half the period, off for the other half. */
    void blink(long periodMs);

    State state();

    /** A LED that is not fitted: remembers its state, drives nothing. */
    static Led absent(String function) {
        return new Led() {
            private volatile State state = State.OFF;
            @Override public String function() { return function; }
            @Override public void on() { state = State.ON; }
            @Override public void off() { state = State.OFF; }
            @Override public void blink(long periodMs) { state = State.BLINKING; }
            @Override public State state() { return state; }
            @Override public String toString() { return function + " (not fitted): " + state; }
        };
    }
}
