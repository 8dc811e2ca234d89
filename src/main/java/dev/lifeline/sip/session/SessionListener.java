package dev.lifeline.sip.session;

/**
 * What a call session reports to the call layer. Called on SIP stack threads: implementations
 * hand the event to the engine thread.
 */
public interface SessionListener {
    /** Any provisional response (100 Trying too) to an outgoing INVITE: the far end is there. */
    default void onProgress(CallSession s, int status) { }

    /** 180/183 from the far end (outgoing sessions). */
    default void onRinging(CallSession s) { }

    /** 2xx: the far end answered with this SDP (outgoing), or ACK arrived (incoming). */
    default void onAnswered(CallSession s, String sdp) { }

    /** A final failure response (outgoing), or a transaction timeout (408). */
    default void onFailed(CallSession s, int status) { }

    /** The far end hung up (BYE) or the caller cancelled (CANCEL) — {@code cancelled} tells which. */
    default void onEnded(CallSession s, boolean cancelled) { }

    /** A re-INVITE with a new offer (hold, resume); returns the SDP answer, or null to refuse (488). */
    default String onReoffer(CallSession s, String sdp) { return null; }
}
