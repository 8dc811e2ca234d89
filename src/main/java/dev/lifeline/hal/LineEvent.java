package dev.lifeline.hal;

/** Line-state changes a driver reports, with the time (Clock millis) they happened. */
public enum LineEvent {
    /** A device plugged into the port (for sim: HELLO accepted). */
    DEVICE_CONNECTED,
    /** The device went away; an FXS port treats this as on-hook. */
    DEVICE_DISCONNECTED,
    /** FXS: loop closed (handset lifted). */
    OFF_HOOK,
    /** FXS: loop open. */
    ON_HOOK,
    /** FXO: ringing voltage started / stopped. */
    RING_ON, RING_OFF,
    /** FXO: line polarity reversed / back to normal. */
    POLARITY_REVERSE, POLARITY_NORMAL,
    /** FXO: the exchange dropped loop current (far-end disconnect). */
    LOOP_DROP
}
