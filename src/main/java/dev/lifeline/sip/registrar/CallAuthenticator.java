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
        if (throttle.isBlocked(source, Registrar.claimedUser(req, "Proxy-Authorization", javax.sip.header.FromHeader.NAME))) {
            send(host, st, host.messages().createResponse(Response.FORBIDDEN, req));
            return null;
        }
        Registrar.Users u = registrar.users();
        DigestAuthenticator auth = registrar.authenticator();
        Optional<DigestCredentials> cred = Registrar.credentials(req, u.realm(), "Proxy-Authorization");
        switch (DigestCheck.check(auth, throttle, source, u.realm(), req.getMethod(), cred, c -> userNamed(u, c.username()),
                uri -> Registrar.sameUri(host, req.getRequestURI(), uri))) {
            case OK -> {
                return userNamed(u, cred.get().username()).extension();
            }
            case CHALLENGE -> challenge(host, st, req, auth.challenge(u.realm(), false));
            case FAILED -> {
                Logger.info("sip: call from {} refused: bad credentials (user '{}')", source, BindingLog.printable(cred.get().username()));
                challenge(host, st, req, auth.challenge(u.realm(), false));
            }
            case STALE -> challenge(host, st, req, auth.challenge(u.realm(), true));
            case FORBIDDEN -> {
                Logger.info("sip: call from {} refused: bad credentials (user '{}')", source, BindingLog.printable(cred.get().username()));
                send(host, st, host.messages().createResponse(Response.FORBIDDEN, req));
            }
        }
        return null;
    }

    private static SipUser userNamed(Registrar.Users u, String authUser) {
        return u.byExtension().values().stream().filter(x -> x.authUser().equals(authUser)).findFirst().orElse(null);
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
