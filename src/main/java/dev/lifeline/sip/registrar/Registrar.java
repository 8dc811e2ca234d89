package dev.lifeline.sip.registrar;

import dev.lifeline.config.SipConfig;
import dev.lifeline.config.SipUser;
import dev.lifeline.sip.RequestHandler;
import dev.lifeline.sip.SipHost;
import dev.lifeline.util.Clock;
import gov.nist.javax.sip.message.SIPRequest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.tinylog.Logger;

/**
 * The gateway's own SIP registrar (RFC 3261 §10.3) for the branch's phones: authenticates every
 * REGISTER (digest, {@link DigestAuthenticator}; there is no unauthenticated path), throttles
 * guessing ({@link AuthThrottle}) and turns the Contact headers into bindings in the
 * {@link LocationStore}. The 200 OK is sent only after the store has committed the change.
 *
 * <p>Answers, in the order they are checked: blocked source → 403; not a SIP To URI → 400;
 * no/wrong credentials or unknown extension → 401 with a fresh challenge (the same answer for
 * both, so extensions cannot be probed), which turns into 403 when the source gets blocked;
 * expired nonce → 401 stale=true; {@code Contact: *} without {@code Expires: 0} → 400; expiry
 * under min-expires → 423 with Min-Expires; same Call-ID with a CSeq not higher than the stored
 * one → 500 (RFC 3261 §10.3 step 7); otherwise 200 OK listing every current contact with its
 * remaining expiry. A REGISTER without Contact just lists the bindings.
 *
 * <p>Thread-safe: requests arrive on the SIP stack's thread pool; per-AOR atomicity comes from
 * {@link LocationStore#update}; the user table is swapped whole by {@link #updateUsers}.
 */
public final class Registrar implements RequestHandler {
    /** Contacts one extension may hold (a phone, a softphone, a DECT handset... not hundreds). */
    static final int MAX_CONTACTS = 16;

    record Users(Map<String, SipUser> byExtension, String realm) { }

    private record Wanted(String uri, String key, int expires, double q, String instance) { }

    private final LocationStore store;
    private final DigestAuthenticator auth;
    private final AuthThrottle throttle;
    private final int minExpires;
    private final int maxExpires;
    private final int defaultExpires;
    private final String toTag;
    private final RegisterRetransmissions retransmissions = new RegisterRetransmissions();
    private volatile Users users;
    private volatile RegisterForwarder forwarder;

    public Registrar(SipConfig sip, List<SipUser> users, LocationStore store, Clock clock) {
        this(sip, users, store, new DigestAuthenticator(clock),
                new AuthThrottle(sip.authFailures(), sip.authWindowMs(), sip.authBlockMs(), clock), clock);
    }

    public Registrar(SipConfig sip, List<SipUser> users, LocationStore store, DigestAuthenticator auth,
                     AuthThrottle throttle, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.throttle = throttle;
        this.minExpires = sip.minExpires();
        this.maxExpires = sip.maxExpires();
        this.defaultExpires = sip.defaultExpires();
        byte[] t = new byte[6];
        new SecureRandom().nextBytes(t);
        this.toTag = "lr" + HexFormat.of().formatHex(t);
        updateUsers(users, sip.realm());
        store.addListener(new BindingLog(store));
    }

    /** Registers this registrar as the REGISTER handler of {@code host}. */
    public void attach(SipHost host) { host.handle(Request.REGISTER, this); }

    /**
     * Replaces the user table and realm in one step (config push). Requests in flight finish with
     * the table they started with; existing bindings stay (they expire or are refreshed under the
     * new credentials).
     */
    public void updateUsers(List<SipUser> newUsers, String realm) {
        Map<String, SipUser> m = newUsers.stream().collect(Collectors.toUnmodifiableMap(SipUser::extension,
                Function.identity(), (a, b) -> { throw new IllegalArgumentException("extension " + a.extension() + " twice"); }));
        users = new Users(m, realm);
    }

    public LocationStore store() { return store; }

    Users users() { return users; }
    DigestAuthenticator authenticator() { return auth; }
    AuthThrottle throttle() { return throttle; }

    /**
     * Hands REGISTERs to {@code f} while it forwards to HQ (normal mode); the registrar then answers
     * only what HQ does not (timeouts), and otherwise stands in for HQ with a short expiry.
     */
    public void forwardWith(RegisterForwarder f) { forwarder = f; }

    @Override
    public void onRequest(SipHost host, RequestEvent event) throws Exception {
        Request req = event.getRequest();
        RegisterForwarder f = forwarder;
        ServerTransaction st = event.getServerTransaction();
        if (f != null && f.forwarding()) {
            // Forwarding is stateful (RFC 3261 §16): the transaction absorbs retransmissions while HQ answers
            if (st == null) {
                try {
                    st = host.provider().getNewServerTransaction(req);
                } catch (TransactionAlreadyExistsException e) {
                    return; // a retransmission: the transaction answers it
                } catch (TransactionUnavailableException e) {
                    answer(host, event, null); // too broken for a transaction: the local registrar answers statelessly
                    return;
                }
            }
            toHq(host, event, st, f);
            return;
        }
        // The local registrar answers statelessly, as Kamailio's does (sl_send_reply): a storm of
        // REGISTERs leaves no transaction lingering for 32 s. A challenge-only REGISTER (no
        // credentials) simply gets a fresh challenge each time; for one with credentials,
        // retransmissions are recognised by Call-ID and CSeq (RegisterRetransmissions).
        if (st != null || req.getHeader("Authorization") == null) {
            answer(host, event, st);
            return;
        }
        String key = RegisterRetransmissions.key(((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId(),
                ((CSeqHeader) req.getHeader(CSeqHeader.NAME)).getSeqNumber());
        switch (retransmissions.arrived(key, store.nowMs())) {
            case RegisterRetransmissions.First first -> answer(host, event, null, key);
            case RegisterRetransmissions.InProgress busy -> { } // the first copy's answer is on its way
            case RegisterRetransmissions.Answered a -> answerAgain(host, event, a.answer());
        }
    }

    /** The local registrar's answer, on {@code st} (null: statelessly). */
    private void answer(SipHost host, RequestEvent event, ServerTransaction st) throws Exception {
        answer(host, event, st, null);
    }

    /** As above; {@code key} (stateless only) records the answer for the request's retransmissions. */
    private void answer(SipHost host, RequestEvent event, ServerTransaction st, String key) throws Exception {
        Request req = event.getRequest();
        Reply reply = new Reply(host, req, st, toTag, key == null ? null
                : r -> retransmissions.answered(key, new RegisterRetransmissions.Answer(r.getStatusCode(), aorOf(r)), store.nowMs()));
        try {
            handle(host, event, req, reply);
        } catch (RegisterRejected r) {
            reply.reject(r);
        } catch (RuntimeException e) {
            Logger.warn("registrar: REGISTER from {} failed: {}", SipHost.source(event), e.toString());
            reply.send(reply.create(Response.SERVER_INTERNAL_ERROR));
        }
    }

    /**
     * A retransmission of a REGISTER already answered. A 200 is given again, listing the bindings
     * as they are now (what the first answer listed, unless something changed since); a 423 again
     * with Min-Expires. Any other answer (a challenge, a 403 for a blocked source...) is worked
     * out afresh: it changed nothing, and a new challenge is what the phone needs anyway.
     */
    private void answerAgain(SipHost host, RequestEvent event, RegisterRetransmissions.Answer a) throws Exception {
        Request req = event.getRequest();
        Reply reply = new Reply(host, req, null, toTag, null);
        if (a.status() == Response.OK && a.aor() != null) {
            List<String> path = supports(req, "path") ? values(req, "Path") : List.of();
            reply.ok(store.lookup(a.aor()), store.nowMs(), path);
        } else if (a.status() == Response.INTERVAL_TOO_BRIEF) {
            reply.reject(new RegisterRejected(Response.INTERVAL_TOO_BRIEF, "Interval Too Brief", minExpires));
        } else {
            answer(host, event, null);
        }
    }

    private static String aorOf(Response r) {
        ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
        return to != null && to.getAddress().getURI() instanceof SipURI u ? u.getUser() : null;
    }

    /**
     * Forwards to HQ, but only for the site's own SIP users from sources that are not blocked: the
     * gateway is no open proxy for strangers (403, not forwarded; logged at debug level only, so a
     * scanner cannot flood the log).
     */
    private void toHq(SipHost host, RequestEvent event, ServerTransaction st, RegisterForwarder f) throws Exception {
        Request req = event.getRequest();
        Reply reply = new Reply(host, req, st, toTag, null);
        String source = SipHost.source(event);
        ToHeader to = (ToHeader) req.getHeader(ToHeader.NAME);
        if (to == null || !(to.getAddress().getURI() instanceof SipURI toUri)) {
            reply.reject(new RegisterRejected(Response.BAD_REQUEST, "To must be a sip: URI"));
            return;
        }
        String aor = toUri.getUser();
        if (throttle.isBlocked(source, aor) || aor == null || !users.byExtension().containsKey(aor)) {
            Logger.debug("registrar: not forwarding the REGISTER of '{}' from {} (blocked or not a user of this site)",
                    BindingLog.printable(aor), source);
            reply.send(reply.create(Response.FORBIDDEN));
            return;
        }
        f.forward(event, st, local -> {
            try {
                answer(host, event, local);
            } catch (Exception e) {
                Logger.warn("registrar: answering the REGISTER of {} locally failed: {}", BindingLog.printable(aor), e.toString());
            }
        });
    }

    private void handle(SipHost host, RequestEvent event, Request req, Reply reply) throws Exception {
        String source = SipHost.source(event);
        if (throttle.isBlocked(source, claimedUser(req, "Authorization", ToHeader.NAME))) {
            Logger.debug("registrar: REGISTER from blocked source {}", source);
            reply.send(reply.create(Response.FORBIDDEN));
            return;
        }
        ToHeader to = (ToHeader) req.getHeader(ToHeader.NAME);
        if (to == null || !(to.getAddress().getURI() instanceof SipURI toUri)) {
            throw new RegisterRejected(Response.BAD_REQUEST, "To must be a sip: URI");
        }
        Users u = users;
        String aor = toUri.getUser();
        SipUser user = aor == null ? null : u.byExtension().get(aor);
        switch (DigestCheck.check(auth, throttle, source, u.realm(), req.getMethod(), credentials(req, u.realm()), c -> user,
                uri -> sameUri(host, req.getRequestURI(), uri))) {
            case OK -> { }
            case CHALLENGE, FAILED -> {
                reply.challenge(auth.challenge(u.realm(), false));
                return;
            }
            case STALE -> {
                reply.challenge(auth.challenge(u.realm(), true));
                return;
            }
            case FORBIDDEN -> {
                reply.send(reply.create(Response.FORBIDDEN));
                return;
            }
        }
        register(host, event, req, aor, reply);
    }

    private void register(SipHost host, RequestEvent event, Request req, String aor, Reply reply) throws Exception {
        List<ContactHeader> contacts = headers(req, ContactHeader.NAME, ContactHeader.class);
        ExpiresHeader eh = req.getExpires();
        int headerExpires = eh == null ? -1 : eh.getExpires();
        boolean wildcard = contacts.stream().anyMatch(ContactHeader::isWildCard);
        if (wildcard && (contacts.size() != 1 || headerExpires != 0)) {
            throw new RegisterRejected(Response.BAD_REQUEST, "Contact: * must be alone and with Expires: 0");
        }
        List<Wanted> wanted = new ArrayList<>();
        if (!wildcard) {
            for (ContactHeader ch : contacts) {
                int exp = ch.getExpires() >= 0 ? ch.getExpires() : headerExpires >= 0 ? headerExpires : defaultExpires;
                if (exp > 0 && exp < minExpires) {
                    throw new RegisterRejected(Response.INTERVAL_TOO_BRIEF, "Interval Too Brief", minExpires);
                }
                exp = Math.min(exp, localMaxExpires());
                float qv = ch.getQValue();
                double q = qv < 0 ? 1.0 : qv;
                if (q > 1) throw new RegisterRejected(Response.BAD_REQUEST, "q must be 0..1");
                String instance = ch.getParameter("+sip.instance");
                String uri = ch.getAddress().getURI().toString();
                wanted.add(new Wanted(uri, instance != null ? instance : uri, exp, q, instance));
            }
        }
        String callId = ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId();
        long cseq = ((CSeqHeader) req.getHeader(CSeqHeader.NAME)).getSeqNumber();
        List<String> path = supports(req, "path") ? values(req, "Path") : List.of();
        Header ua = req.getHeader("User-Agent");
        String userAgent = ua == null ? null : value(ua);
        String received = received(event);
        ViaHeader via = (ViaHeader) req.getHeader(ViaHeader.NAME);
        String transport = via == null ? "udp" : via.getTransport().toLowerCase(java.util.Locale.ROOT);
        long now = store.nowMs();

        store.update(aor, current -> {
            List<Binding> next = new ArrayList<>(current);
            if (wildcard) {
                for (Binding b : current) checkOrder(b, callId, cseq);
                return List.of();
            }
            for (Wanted w : wanted) {
                Binding existing = next.stream().filter(b -> b.key().equals(w.key())).findFirst().orElse(null);
                if (existing != null) {
                    checkOrder(existing, callId, cseq);
                    next.remove(existing);
                }
                if (w.expires() > 0) {
                    next.add(new Binding(aor, w.uri(), w.q(), now + w.expires() * 1000L, callId, cseq, received, transport,
                            path, userAgent, w.instance()));
                }
            }
            if (next.size() > MAX_CONTACTS) dropOldest(next, callId, cseq);
            return next;
        }).whenCompleteAsync((bindings, err) -> {
            try {
                if (err != null) {
                    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                    Logger.warn("registrar: storing bindings of {} failed: {}", aor, cause.toString());
                    reply.send(reply.create(Response.SERVER_INTERNAL_ERROR));
                } else {
                    reply.ok(bindings, store.nowMs(), path);
                }
            } catch (Exception e) {
                Logger.warn("registrar: answering REGISTER of {} failed: {}", aor, e.toString());
            }
        }, ReplyThreads.POOL);
    }

    /**
     * While a site has HQ servers the local registrar only stands in for HQ (survival, recovery, or
     * HQ silent): it grants at most {@code survival.register-expires}, so phones come back soon
     * and are forwarded to HQ again once it is in use.
     */
    private int localMaxExpires() {
        RegisterForwarder f = forwarder;
        return f != null && f.upstreamConfigured() ? Math.min(maxExpires, f.localExpiresCap()) : maxExpires;
    }

    /**
     * Keeps an AOR at {@link #MAX_CONTACTS} by dropping the bindings that lapse soonest (the least
     * recently refreshed) — not the ones this REGISTER just made. Like Asterisk's remove_existing:
     * a phone that reboots behind NAT comes back with a new port, and refusing it (Kamailio's
     * max_contacts) would lock it out until its stale bindings expire.
     */
    private static void dropOldest(List<Binding> next, String callId, long cseq) {
        List<Binding> old = new ArrayList<>(next.stream().filter(b -> !(b.callId().equals(callId) && b.cseq() == cseq)).toList());
        old.sort(java.util.Comparator.comparingLong(Binding::expiresAt));
        for (Binding b : old) {
            if (next.size() <= MAX_CONTACTS) break;
            next.remove(b);
        }
        if (next.size() > MAX_CONTACTS) throw new RegisterRejected(Response.FORBIDDEN, "Too many contacts");
    }

    /** RFC 3261 §10.3 step 7: a REGISTER of the same Call-ID must have a higher CSeq than the binding it changes. */
    private static void checkOrder(Binding b, String callId, long cseq) {
        if (b.callId().equals(callId) && cseq <= b.cseq()) {
            throw new RegisterRejected(Response.SERVER_INTERNAL_ERROR, "CSeq out of order");
        }
    }

    /** The Digest Authorization header for our realm (a phone may carry several, for other realms). */
    private static Optional<DigestCredentials> credentials(Request req, String realm) {
        return credentials(req, realm, "Authorization");
    }

    /** Digest credentials from {@code header} (Authorization, or Proxy-Authorization for calls), preferring our realm. */
    static Optional<DigestCredentials> credentials(Request req, String realm, String header) {
        Optional<DigestCredentials> any = Optional.empty();
        ListIterator<?> it = req.getHeaders(header);
        while (it != null && it.hasNext()) {
            Optional<DigestCredentials> c = DigestCredentials.parse(it.next().toString());
            if (c.isPresent() && realm.equals(c.get().realm())) return c;
            if (any.isEmpty()) any = c;
        }
        return any;
    }

    /**
     * Who a request claims to be, for the brute-force brake: the digest username if it carries
     * credentials in {@code header} (Authorization for REGISTER, Proxy-Authorization for calls),
     * else the user of its {@code addressHeader} URI (To: a REGISTER's AOR; From: a call's caller).
     */
    static String claimedUser(Request req, String header, String addressHeader) {
        ListIterator<?> it = req.getHeaders(header);
        if (it != null && it.hasNext()) {
            Optional<DigestCredentials> c = DigestCredentials.parse(it.next().toString());
            if (c.isPresent()) return BindingLog.printable(c.get().username());
        }
        return req.getHeader(addressHeader) instanceof javax.sip.header.HeaderAddress h
                && h.getAddress().getURI() instanceof SipURI u ? u.getUser() : null;
    }

    /** The digest uri names the Request-URI's resource at this registrar ({@link DigestUri}). */
    static boolean sameUri(SipHost host, URI requestUri, String digestUri) {
        javax.sip.ListeningPoint[] lps = host.provider().getListeningPoints();
        int[] ports = new int[lps.length + 1];
        ports[0] = host.port();
        for (int i = 0; i < lps.length; i++) ports[i + 1] = lps[i].getPort();
        return DigestUri.equivalent(requestUri.toString(), digestUri, ports);
    }

    static boolean supports(Request req, String tag) {
        for (String v : values(req, "Supported")) {
            for (String t : v.split(",")) if (t.strip().equalsIgnoreCase(tag)) return true;
        }
        return false;
    }

    private static String received(RequestEvent event) {
        if (event.getRequest() instanceof SIPRequest r && r.getRemoteAddress() != null) {
            return r.getRemoteAddress().getHostAddress() + ":" + r.getRemotePort();
        }
        return null;
    }

    static List<String> values(Request req, String name) {
        List<String> out = new ArrayList<>();
        ListIterator<?> it = req.getHeaders(name);
        while (it != null && it.hasNext()) out.add(value((Header) it.next()));
        return out;
    }

    /** The value of a header as the stack encodes it, without "Name:" and line end. */
    static String value(Header h) {
        String s = h.toString();
        int colon = s.indexOf(':');
        return (colon >= 0 ? s.substring(colon + 1) : s).strip();
    }

    private static <T> List<T> headers(Request req, String name, Class<T> type) {
        List<T> out = new ArrayList<>();
        ListIterator<?> it = req.getHeaders(name);
        while (it != null && it.hasNext()) out.add(type.cast(it.next()));
        return out;
    }

}
