package dev.lifeline.tdm;

/** States of an FXO port (the gateway as a phone on a PSTN line). */
public enum FxoState {
    /** On hook, no ringing. */
    IDLE,
    /** The exchange rings us: rings counted, caller ID decoded from the line audio. */
    RINGING_IN,
    /** We went off hook to dial out: waiting for dial tone, then sending DTMF. */
    SEIZED_OUT,
    /** Off hook, audio bridged to the other leg. */
    CONNECTED,
    /** Back on hook; a short guard before the port can be seized again. */
    RELEASING
}
