package dev.lifeline.tdm.pri;

/**
 * What the PRI stack (Q.931) tells the call layer. Called on the engine thread.
 */
public interface PriListener {
    /** Layer 2 is up and the start-up RESTART is done: the span can carry calls. */
    void onSpanUp(long now);

    /** Layer 2 is down: no new calls; active calls are kept while T309 runs. */
    void onSpanDown(long now);

    /** An incoming SETUP, accepted on {@code call.timeslot()} (CALL PROCEEDING already sent). */
    void onIncoming(PriCall call, long now);

    /** The far end alerts (ALERTING); {@code inband}: progress indicator 1 or 8, tones are on the B-channel. */
    void onAlerting(PriCall call, boolean inband, long now);

    /** PROGRESS with in-band information (or CALL PROCEEDING/SETUP ACK with one). */
    default void onProgress(PriCall call, boolean inband, long now) { }

    /** The far end answered (CONNECT received; CONNECT ACK sent). */
    void onAnswered(PriCall call, long now);

    /**
     * The far end clears (DISCONNECT, or RELEASE / RELEASE COMPLETE without one, or a timer
     * expired, or T309 ran out). The stack finishes the clearing itself; {@link #onReleased}
     * follows once the channel is free.
     */
    void onCleared(PriCall call, int q850Cause, boolean inband, long now);

    /** The call is gone and its B-channel idle (after RELEASE/RELEASE COMPLETE either way). */
    void onReleased(PriCall call, int q850Cause, long now);
}
