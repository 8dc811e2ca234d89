package dev.lifeline.sip.registrar;

import dev.lifeline.config.SipUser;
import dev.lifeline.sip.SipHost;
import dev.lifeline.sip.session.InviteAuthenticator;
import java.util.List;
import java.util.Optional;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.tinylog.Logger;

/**
 * Digest authentication of new calls (INVITE), with the registrar's users, nonces and brute-force
 * throttle: 407 with Proxy-Authenticate, then the credentials are checked like a REGISTER's.
 * The caller's identity is the authenticated user, not the From header, so a phone cannot
 * present another extension's caller ID — and nobody unknown can place calls (toll fraud).
 */
public final class CallAuthenticator implements InviteAuthenticator {
    private final Registrar registrar;

    public CallAuthenticator(Registrar registrar) { this.registrar = registrar; }

    /** {@code st} null: answer statelessly (a first INVITE without credentials only gets a challenge). */
    @Override
    public String authenticate(SipHost host, RequestEvent event, ServerTransaction st) throws Exception {
        Request req = event.getRequest();
        String source = SipHost.source(event);
        AuthThrottle throttle = registrar.throttle();
        if (throttle.isBlocked(source)) {
            send(host, st, host.messages().createResponse(Response.FORBIDDEN, req));
            return null;
        }
        Registrar.Users u = registrar.users();
        DigestAuthenticator auth = registrar.authenticator();
        Optional<DigestCredentials> cred = Registrar.credentials(req, u.realm(), "Proxy-Authorization");
        if (cred.isEmpty()) {
            challenge(host, st, req, auth.challenge(u.realm(), false));
            return null;
        }
        DigestCredentials c = cred.get();
        SipUser user = u.byExtension().values().stream().filter(x -> x.authUser().equals(c.username())).findFirst().orElse(null);
        switch (auth.verify(c, req.getMethod(), u.realm(), user, uri -> Registrar.sameUri(host, req.getRequestURI(), uri))) {
            case OK -> {
                return user.extension();
            }
            case FAILED -> {
                if (throttle.failure(source, BindingLog.printable(c.username()))) {
                    send(host, st, host.messages().createResponse(Response.FORBIDDEN, req));
                } else {
                    challenge(host, st, req, auth.challenge(u.realm(), false));
                }
                Logger.info("sip: call from {} refused: bad credentials (user '{}')", source, BindingLog.printable(c.username()));
                return null;
            }
            default -> { // STALE, REPLAY: a fresh nonce
                challenge(host, st, req, auth.challenge(u.realm(), true));
                return null;
            }
        }
    }

    private static void send(SipHost host, ServerTransaction st, Response r) throws Exception {
        if (st != null) st.sendResponse(r);
        else host.provider().sendResponse(r);
    }

    private static void challenge(SipHost host, ServerTransaction st, Request req, List<String> values) throws Exception {
        Response r = host.messages().createResponse(Response.PROXY_AUTHENTICATION_REQUIRED, req);
        ((javax.sip.header.ToHeader) r.getHeader(javax.sip.header.ToHeader.NAME)).setTag(Long.toHexString(System.nanoTime()));
        for (String v : values) {
            Header h = host.headers().createHeader("Proxy-Authenticate", v);
            r.addHeader(h);
        }
        send(host, st, r);
    }
}
