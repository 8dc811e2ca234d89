package dev.lifeline.hal;

/**
 * One analog line as the driver exposes it. Audio moves in 20 ms frames of 160 linear samples
 * at 8 kHz, exchanged once per board tick: read what the device said, then write what it hears.
 */
public interface LinePort {
    int FRAME_SAMPLES = 160;
    int FRAME_MS = 20;

    String id();

    PortKind kind();

    boolean isDeviceConnected();

    /** FXS: apply or remove ringing voltage. */
    void setRinging(boolean on);

    /** FXS: reverse line polarity (caller-ID alerting in some zones, answer supervision). */
    void setPolarity(boolean reversed);

    /** FXO: seize (off-hook) or release the line. */
    void setHook(boolean offHook);

    /** Tells the device something went wrong (sim: an ERROR event). */
    void reportError(String text);

    /** The device's audio for this tick; silence when it sent none. Called on the tick thread. */
    short[] readFrame();

    /** Audio the device hears for this tick. Called on the tick thread. */
    void writeFrame(short[] pcm);

    /**
     * How many ticks ago the frame that the last {@link #readFrame} returned was written, as far
     * as the driver can tell: the echo canceller pairs what comes back with what went out then.
     * 1 (the default) for a board whose line interface answers within the next tick.
     */
    default int echoLagFrames() { return 1; }

    /**
     * The most ticks back {@link #echoLagFrames} may reach: a buffering board's cushion (the sim's
     * is 3 frames) plus the replies a stalled device still owes.
     */
    int MAX_ECHO_LAG_FRAMES = 8;

    /**
     * A modem or fax is on the line (its echo canceller stood aside for one), or speech again: a
     * board that buffers the device's samples keeps their timing steady while on (nothing
     * concealed in, nothing dropped), whatever delay that costs. A line card's FIFO does so
     * anyway; the default does nothing. Called on the tick thread.
     */
    default void steadyTiming(boolean on) { }
}
