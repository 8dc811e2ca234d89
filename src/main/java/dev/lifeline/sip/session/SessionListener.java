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

    /**
     * An in-dialog REFER (RFC 3515): the far end transfers this call's other party to the user
     * {@code target} (the Refer-To URI's user part); {@code replaces} is the session the Refer-To's
     * Replaces header (RFC 3891) names — an attended transfer — or null (blind). Called after the
     * 202 and the NOTIFY went out, and only when {@link #takesRefer()}; the implementation hands
     * the work to the engine thread.
     */
    default void onRefer(CallSession s, String target, CallSession replaces) { }

    /** Whether this session's calls can be transferred by REFER (otherwise 603 Decline). */
    default boolean takesRefer() { return false; }

    /** A re-INVITE with a new offer (hold, resume); returns the SDP answer, or null to refuse (488). */
    default String onReoffer(CallSession s, String sdp) { return null; }
}
