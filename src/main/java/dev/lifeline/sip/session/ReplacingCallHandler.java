package dev.lifeline.sip.session;

/**
 * Receives new INVITEs that carry a Replaces header (RFC 3891) naming a confirmed dialog of this
 * gateway: the caller takes that dialog's part in a call (an attended transfer the gateway asked
 * for with REFER, or one a phone does on its own). Called on a SIP stack thread after the
 * INVITE was authenticated; a Replaces naming no confirmed dialog was already answered 481.
 */
@FunctionalInterface
public interface ReplacingCallHandler {
    /** {@code session} is answered 100 Trying; the handler must answer or reject it. */
    void onReplacingCall(CallSession session, SipParty caller, CallSession replaced, String offerSdp);
}
