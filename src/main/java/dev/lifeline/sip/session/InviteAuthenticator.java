package dev.lifeline.sip.session;

import dev.lifeline.sip.SipHost;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;

/** Decides who a new INVITE is from; answers 407/403 itself and returns null when it is not accepted. */
@FunctionalInterface
public interface InviteAuthenticator {
    String authenticate(SipHost host, RequestEvent event, ServerTransaction st) throws Exception;

    /** Accepts everyone as the From user (tests of the session layer alone). */
    InviteAuthenticator NONE = (h, e, st) -> SessionManager.userOf(
            ((javax.sip.header.FromHeader) e.getRequest().getHeader(javax.sip.header.FromHeader.NAME)).getAddress().getURI());
}
