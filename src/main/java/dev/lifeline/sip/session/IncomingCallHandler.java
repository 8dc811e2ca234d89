package dev.lifeline.sip.session;

/** Receives new incoming INVITEs (outside a dialog). Called on a SIP stack thread. */
@FunctionalInterface
public interface IncomingCallHandler {
    /** {@code session} is already answered 100 Trying; the handler must ring, answer or reject it. */
    void onIncomingCall(CallSession session, SipParty caller, String calledUser, String offerSdp);
}
