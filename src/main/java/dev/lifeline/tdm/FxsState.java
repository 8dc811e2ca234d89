package dev.lifeline.tdm;

/** States of an FXS line as its user experiences them. */
public enum FxsState {
    /** On hook, nothing happening. */
    IDLE,
    /** A call is offered: ringing voltage on the cadence, caller ID in the silence. */
    RINGING,
    /** Off hook, dial tone, waiting for the first digit. */
    DIALTONE,
    /** Digits arriving, matched against the digit map. */
    COLLECTING,
    /** Number dialled, the call is being routed / the far end alerted (ringback). */
    OUTGOING,
    /** Talking: audio bridged to the other leg. */
    CONNECTED,
    /** A failure or far-end hang-up tone: busy, reorder, disconnect. */
    TONE,
    /** Receiver-off-hook warning: the line was left off hook. */
    HOWLER,
    /** Silent after the howler gave up; waiting for on-hook. */
    LOCKOUT
}
