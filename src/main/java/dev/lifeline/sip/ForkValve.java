package dev.lifeline.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import javax.sip.SipStack;
import javax.sip.message.Response;

/**
 * Lets the session layer see a 2xx from a second fork of an INVITE before JAIN-SIP swallows it.
 * The stack takes a 2xx arriving on an INVITE client transaction that already had one for a
 * retransmission (whatever its To tag) and never passes it to the listener, so the fork would be
 * neither ACKed nor BYEd (RFC 3261 §13.2.2.4). Installed as a stack message valve
 * ({@code gov.nist.javax.sip.SIP_MESSAGE_VALVE}, a comma-separated list, so it can sit beside
 * others); the stack instantiates it by name, hence the per-stack registry of claimers.
 */
public final class ForkValve implements SIPMessageValve {
    private static final Map<SipStack, Predicate<Response>> CLAIMERS = new ConcurrentHashMap<>();
    private volatile SipStack stack;

    /** {@code claim} returns true for a response it handled itself (the stack then drops it). */
    static void register(SipStack stack, Predicate<Response> claim) { CLAIMERS.put(stack, claim); }
    static void unregister(SipStack stack) { CLAIMERS.remove(stack); }

    @Override public void init(SipStack s) { stack = s; }
    @Override public void destroy() { }
    @Override public boolean processRequest(SIPRequest request, MessageChannel channel) { return true; }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        int status = response.getStatusCode();
        if (status < 200 || status >= 300) return true;
        Predicate<Response> claim = stack == null ? null : CLAIMERS.get(stack);
        return claim == null || !claim.test(response);
    }
}
