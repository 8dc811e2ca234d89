package dev.lifeline.sip.session;

import dev.lifeline.sip.SipHost;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.tinylog.Logger;

/**
 * INVITE dialogs of the B2BUA: creates sessions for incoming INVITEs, places outgoing ones,
 * and routes in-dialog requests (ACK, BYE, CANCEL, re-INVITE), responses and timeouts to the
 * session they belong to. REFER, both ways, is {@link Refers}'s; our own re-INVITEs are
 * {@link Reinvites}'.
 *
 * <p>Sessions are keyed by dialog, not by Call-ID alone (RFC 3261 §12: Call-ID, local tag,
 * remote tag): incoming ones by Call-ID + the caller's From tag, outgoing ones by Call-ID + our
 * From tag, and an outgoing session learns its remote tag from the 2xx it accepts. So a call the
 * gateway places through HQ that comes straight back to it (a hairpin: fxs1 → HQ → fxs2, one
 * Call-ID for an outgoing and an incoming dialog of this box) is two sessions, and so are two
 * callers reusing a Call-ID. Responses and timeouts belong to outgoing sessions (by From tag); a
 * new INVITE or a CANCEL to incoming ones; other in-dialog requests to the session whose local
 * tag is the request's To tag.
 *
 * <p>A 2xx from a second fork (a To tag other than the one already accepted) is ACKed and then
 * BYEd at once (RFC 3261 §13.2.2.4): the call stays with the first answer ({@link ForkedAnswer}).
 *
 * <p>An outgoing INVITE answered 401/407 is sent again with credentials when it has a
 * {@link ChallengeResponder} (same Call-ID and From tag, next CSeq; the transaction layer ACKs
 * the challenge).
 */
public final class SessionManager {
    private final SipHost host;
    private final Reinvites reinvites;
    private final Refers refers;
    private final Map<String, CallSession> incomingSessions = new ConcurrentHashMap<>();
    private final Map<String, CallSession> outgoingSessions = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong refusedAtCap = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong capLoggedAt = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);
    private volatile IncomingCallHandler incoming = (s, c, u, sdp) -> s.reject(Response.TEMPORARILY_UNAVAILABLE);
    private volatile ReplacingCallHandler replacing = (s, c, r, sdp) -> s.reject(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
    private volatile InviteAuthenticator authenticator = InviteAuthenticator.NONE;
    private volatile TrustedPeer trustedPeer = TrustedPeer.NONE;

    public SessionManager(SipHost host) {
        this.host = host;
        this.reinvites = new Reinvites(this, host);
        this.refers = new Refers(this, host);
        host.handle(Request.INVITE, (h, e) -> onInvite(e));
        host.handle(Request.ACK, (h, e) -> onAck(e));
        host.handle(Request.BYE, (h, e) -> onBye(e));
        host.handle(Request.CANCEL, (h, e) -> onCancel(e));
        host.handle(Request.REFER, (h, e) -> refers.onRefer(e, inDialog(e.getRequest())));
        host.onResponses((h, e) -> onResponse(e));
        host.onTimeouts((h, e) -> onTimeout(e));
        host.claimAnswers(this::secondFork);
    }

    /**
     * A 2xx to one of our INVITEs with a To tag other than the one the session accepted: ACK and
     * BYE it here (the stack would take it for a retransmission and drop it).
     */
    private boolean secondFork(Response r) {
        CSeqHeader cseq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
        FromHeader from = (FromHeader) r.getHeader(FromHeader.NAME);
        ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
        if (cseq == null || from == null || to == null || !Request.INVITE.equals(cseq.getMethod())) return false;
        CallSession s = outgoingSessions.get(key(callIdOf(r), from.getTag()));
        if (s == null || to.getTag() == null || to.getTag().equals(s.acceptRemoteTag(to.getTag()))) return false;
        ForkedAnswer.ackAndBye(host, s, r);
        return true;
    }

    public void onIncomingCall(IncomingCallHandler handler) { incoming = handler; }

    /** New INVITEs with a Replaces header naming one of our confirmed dialogs (RFC 3891). */
    public void onReplacingCall(ReplacingCallHandler handler) { replacing = handler; }

    /** Who may place calls: new INVITEs are authenticated before a session exists. */
    public void authenticateWith(InviteAuthenticator a) { authenticator = a; }

    /** Senders whose new INVITEs are not challenged (HQ); none by default. */
    public void trust(TrustedPeer peer) { trustedPeer = peer; }
    /** HQ's servers as set by {@link #trust}; other handlers (NOTIFY message-summary) trust the same senders. */
    public TrustedPeer trustedPeer() { return trustedPeer; }

    public int activeSessions() { return incomingSessions.size() + outgoingSessions.size(); }

    /**
     * The call legs held at once ({@code sip.overload.max-call-legs}, from the host's overload
     * config): a new INVITE beyond it is refused with 503 and Retry-After before any session, RTP
     * socket or CDR exists, so the calls that are up keep their audio and the caller tries again later.
     */
    public int callLegLimit() { return host.admission().config().maxCallLegs(); }

    /** New INVITEs refused at the call-leg cap since start. */
    public long refusedAtCap() { return refusedAtCap.get(); }

    void forget(CallSession s) {
        (s.incoming() ? incomingSessions : outgoingSessions).remove(s.key(), s);
        reinvites.forget(s);
    }

    /** Sends a re-INVITE with {@code sdp} in {@code s}'s confirmed dialog; {@code result} hears the final status on a stack thread. */
    void sendReinvite(CallSession s, String sdp, Reinvites.Result result) { reinvites.send(s, sdp, result); }

    /** Sends REFER in {@code s}'s confirmed dialog; see {@link Refers#send}. */
    void sendRefer(CallSession s, String user, String referredBy, CallSession replaces, java.util.function.IntConsumer result) {
        refers.send(s, user, referredBy, replaces, result);
    }

    /** The session with Call-ID {@code callId} whose dialog key has {@code tag} (an incoming one first), or null. */
    CallSession byTag(String callId, String tag) {
        CallSession in = incomingSessions.get(key(callId, tag));
        return in != null ? in : outgoingSessions.get(key(callId, tag));
    }

    static String key(String callId, String tag) { return callId + "\n" + tag; }

    /** The request's server transaction: the stack's, or a new one (a request the stack did not give one). */
    static ServerTransaction serverTransaction(SipHost host, RequestEvent e) throws Exception {
        return e.getServerTransaction() != null ? e.getServerTransaction() : host.provider().getNewServerTransaction(e.getRequest());
    }

    /** True, after answering 481, when {@code s} (the request's dialog) is not a confirmed one of ours. */
    static boolean outsideConfirmedDialog(SipHost host, ServerTransaction st, Request req, CallSession s) throws Exception {
        if (s != null && s.state() == CallSession.State.CONFIRMED) return false;
        st.sendResponse(host.messages().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, req));
        return true;
    }

    /**
     * The session an in-dialog request belongs to: an outgoing one whose local tag is the
     * request's To tag, or an incoming one whose remote tag is its From tag and local tag its To tag.
     */
    private CallSession inDialog(Request req) {
        String callId = callIdOf(req);
        String toTag = ((ToHeader) req.getHeader(ToHeader.NAME)).getTag();
        String fromTag = ((FromHeader) req.getHeader(FromHeader.NAME)).getTag();
        CallSession out = toTag == null ? null : outgoingSessions.get(key(callId, toTag));
        if (out != null && (out.remoteTag() == null || out.remoteTag().equals(fromTag))) return out;
        CallSession in = incomingSessions.get(key(callId, fromTag));
        if (in != null && (toTag == null || toTag.equals(in.localTag()))) return in;
        return null;
    }

    // ---- incoming ------------------------------------------------------------------------

    private void onInvite(RequestEvent e) throws Exception {
        Request req = e.getRequest();
        String callId = ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId();
        if (((ToHeader) req.getHeader(ToHeader.NAME)).getTag() != null) {
            reinvite(e, inDialog(req));
            return;
        }
        String fromTag = ((FromHeader) req.getHeader(FromHeader.NAME)).getTag();
        if (incomingSessions.get(key(callId, fromTag)) != null) return; // retransmission racing the transaction layer
        if (activeSessions() >= callLegLimit()) {
            refuseAtCap(req);
            return;
        }
        boolean trusted = isTrusted(req);
        if (!trusted && req.getHeader("Proxy-Authorization") == null && authenticator != InviteAuthenticator.NONE) {
            authenticator.authenticate(host, e, null); // challenge statelessly: no transaction lingers
            return;
        }
        ServerTransaction st = serverTransaction(host, e);
        String user = trusted ? InviteAuthenticator.NONE.authenticate(host, e, st) : authenticator.authenticate(host, e, st);
        if (user == null) return; // challenged or refused
        CallSession replaced = null;
        if (req.getHeader("Replaces") != null) { // RFC 3891 §6.1, checked once the caller is known
            Replaces named = Replaces.parse(headerValue(req, "Replaces"));
            replaced = named == null ? null : dialogNamed(named);
            if (named == null || replaced == null || replaced.state() != CallSession.State.CONFIRMED) {
                Logger.info("sip: INVITE from {} with Replaces of {} dialog: {}", user, named == null ? "a malformed" : "no confirmed",
                        named == null ? 400 : 481);
                st.sendResponse(host.messages().createResponse(named == null ? Response.BAD_REQUEST
                        : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, req));
                return;
            }
        }
        st.sendResponse(host.messages().createResponse(Response.TRYING, req));
        Dialog d = host.provider().getNewDialog(st);
        FromHeader from = (FromHeader) req.getHeader(FromHeader.NAME);
        SipParty caller = new SipParty(user, from.getAddress().getDisplayName(), from.getAddress().getURI().toString());
        String called = userOf(req.getRequestURI());
        if (called == null) called = userOf(((ToHeader) req.getHeader(ToHeader.NAME)).getAddress().getURI());
        CallSession s = new CallSession(this, host, true, callId, caller);
        s.bindServer(st, d, tag());
        s.setRemoteTag(fromTag);
        if (trusted) s.markTrusted();
        incomingSessions.put(s.key(), s);
        if (replaced != null) {
            Logger.info("sip {}: INVITE from {} replacing dialog {}", s.shortId(), caller.user(), replaced.shortId());
            replacing.onReplacingCall(s, caller, replaced, body(req));
            return;
        }
        Logger.info("sip {}: INVITE from {}{} to {}", s.shortId(), caller.user(), trusted ? " (HQ, trusted)" : "", called);
        incoming.onIncomingCall(s, caller, called, body(req));
    }

    /** 503 + Retry-After, statelessly: a retransmitted INVITE is simply refused again. */
    private void refuseAtCap(Request req) throws Exception {
        Response r = host.messages().createResponse(Response.SERVICE_UNAVAILABLE, req);
        ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(tag());
        r.addHeader(host.headers().createRetryAfterHeader(host.admission().config().retryAfterSeconds()));
        host.provider().sendResponse(r);
        long n = refusedAtCap.incrementAndGet();
        long now = System.nanoTime(), last = capLoggedAt.get();
        if ((last == Long.MIN_VALUE || now - last > 10_000_000_000L) && capLoggedAt.compareAndSet(last, now)) {
            Logger.warn("sip: new calls refused with 503: {} call legs up, the cap (sip.overload.max-call-legs); {} refused so far",
                    callLegLimit(), n);
        }
    }

    private boolean isTrusted(Request req) {
        if (trustedPeer == TrustedPeer.NONE || !(req instanceof gov.nist.javax.sip.message.SIPRequest r)
                || r.getRemoteAddress() == null) {
            return false;
        }
        return trustedPeer.trusted(r.getRemoteAddress().getHostAddress(), r.getRemotePort(),
                transportOf(req).toLowerCase(java.util.Locale.ROOT));
    }

    private void reinvite(RequestEvent e, CallSession s) throws Exception {
        Request req = e.getRequest();
        ServerTransaction st = serverTransaction(host, e);
        if (outsideConfirmedDialog(host, st, req, s)) return;
        if (reinvites.pending(s)) { // glare: our own re-INVITE is in flight (RFC 3261 §14.2)
            st.sendResponse(host.messages().createResponse(Response.REQUEST_PENDING, req));
            Logger.info("sip {}: re-INVITE crossed ours: 491", s.shortId());
            return;
        }
        String answer = s.listener().onReoffer(s, body(req));
        if (answer == null) {
            st.sendResponse(host.messages().createResponse(Response.NOT_ACCEPTABLE_HERE, req));
            return;
        }
        Response ok = host.messages().createResponse(Response.OK, req);
        ok.addHeader(contactFor(req));
        ok.setContent(answer, host.headers().createContentTypeHeader("application", "sdp"));
        st.sendResponse(ok);
        Logger.info("sip {}: re-INVITE answered", s.shortId());
    }

    private void onAck(RequestEvent e) {
        CallSession s = inDialog(e.getRequest());
        if (s != null && s.incoming() && s.state() == CallSession.State.CONFIRMED && s.finalStatus() == Response.OK) {
            s.setFinalStatus(Response.OK);
            s.listener().onAnswered(s, body(e.getRequest()));
        }
    }

    private void onBye(RequestEvent e) throws Exception {
        Request req = e.getRequest();
        CallSession s = inDialog(req);
        ServerTransaction st = serverTransaction(host, e);
        if (s == null) {
            st.sendResponse(host.messages().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, req));
            return;
        }
        st.sendResponse(host.messages().createResponse(Response.OK, req));
        Logger.info("sip {}: BYE from the far end", s.shortId());
        s.setTerminated(s.finalStatus());
        s.listener().onEnded(s, false);
    }

    /** Our dialog a Replaces value names (RFC 3891: to-tag our tag, from-tag the far end's), or null. */
    private CallSession dialogNamed(Replaces r) {
        CallSession in = incomingSessions.get(key(r.callId(), r.fromTag()));
        if (in != null && r.names(in)) return in;
        CallSession out = outgoingSessions.get(key(r.callId(), r.toTag()));
        return out != null && r.names(out) ? out : null;
    }

    private static String headerValue(Request req, String name) {
        javax.sip.header.Header h = req.getHeader(name);
        if (h == null) return null;
        String text = h.toString().strip();
        int colon = text.indexOf(':');
        return (colon < 0 ? text : text.substring(colon + 1)).strip();
    }

    private void onCancel(RequestEvent e) throws Exception {
        Request req = e.getRequest();
        CallSession s = incomingSessions.get(key(callIdOf(req), ((FromHeader) req.getHeader(FromHeader.NAME)).getTag()));
        ServerTransaction cst = serverTransaction(host, e);
        if (s == null || !s.incoming()) {
            cst.sendResponse(host.messages().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, req));
            return;
        }
        cst.sendResponse(host.messages().createResponse(Response.OK, req));
        CallSession.State st = s.state();
        if ((st == CallSession.State.CALLING || st == CallSession.State.EARLY) && s.moveTo(st, CallSession.State.TERMINATED)) {
            Response terminated = host.messages().createResponse(Response.REQUEST_TERMINATED, s.inviteServerTx().getRequest());
            ((ToHeader) terminated.getHeader(ToHeader.NAME)).setTag(tag());
            s.inviteServerTx().sendResponse(terminated);
            s.setTerminated(Response.REQUEST_TERMINATED);
            Logger.info("sip {}: cancelled by the caller", s.shortId());
            s.listener().onEnded(s, true);
        }
    }

    // ---- outgoing ------------------------------------------------------------------------

    /**
     * Places an INVITE to {@code targetUri} (a registered contact) presenting {@code caller}
     * and addressed to {@code calledUser}; events go to {@code listener}.
     */
    public CallSession invite(String targetUri, SipParty caller, String calledUser, String sdp, SessionListener listener)
            throws Exception {
        String self = host.advertisedHost();
        OutgoingInvite o = new OutgoingInvite(targetUri, "sip:" + caller.user() + "@" + self, caller.displayName(),
                "sip:" + calledUser + "@" + self, null, assertedIdentity(caller, self), null);
        return invite(o, calledUser, sdp, listener);
    }

    /**
     * RFC 3325: towards its own phones the gateway is the trust domain and asserts who is calling
     * (a PSTN caller's number from the PRI or FXO caller ID, a line's extension), so phones that
     * show P-Asserted-Identity rather than From show the right caller.
     */
    private static Map<String, String> assertedIdentity(SipParty caller, String self) {
        if (caller.user() == null || caller.user().isEmpty() || !caller.user().matches("[+]?[0-9A-Za-z*._-]+")) return Map.of();
        String name = caller.displayName() == null ? "" : "\"" + caller.displayName().replace("\\", "").replace("\"", "") + "\" ";
        return Map.of("P-Asserted-Identity", name + "<sip:" + caller.user() + "@" + self + ">");
    }

    /** Places an INVITE addressed as {@code o} says (through HQ, with credentials); {@code calledUser} for logs. */
    public CallSession invite(OutgoingInvite o, String calledUser, String sdp, SessionListener listener) throws Exception {
        URI target = host.addresses().createURI(o.requestUri());
        URI firstHop = o.outboundProxy() != null ? host.addresses().createURI(o.outboundProxy()) : target;
        String transport = firstHop instanceof SipURI su && su.isSecure() ? "tls" // RFC 5630: sips: only over TLS
                : firstHop instanceof SipURI su && su.getTransportParam() != null ? su.getTransportParam() : "udp";
        String callId = dev.lifeline.sip.SipIds.callId(host.advertisedHost());
        Address fromAddr = host.addresses().createAddress(host.addresses().createURI(o.fromUri()));
        if (o.fromName() != null) fromAddr.setDisplayName(o.fromName());
        String fromTag = tag();
        FromHeader from = host.headers().createFromHeader(fromAddr, fromTag);
        ToHeader to = host.headers().createToHeader(host.addresses().createAddress(host.addresses().createURI(o.toUri())), null);
        ViaHeader via = host.headers().createViaHeader(host.advertisedHost(), host.port(transport), transport, null);
        ContentTypeHeader ct = host.headers().createContentTypeHeader("application", "sdp");
        Request invite = host.messages().createRequest(target, Request.INVITE,
                host.headers().createCallIdHeader(callId), host.headers().createCSeqHeader(1L, Request.INVITE),
                from, to, List.of(via), host.headers().createMaxForwardsHeader(70), ct, sdp.getBytes(StandardCharsets.UTF_8));
        invite.addHeader(contactHeader(transport, target instanceof SipURI su && su.isSecure()));
        invite.addHeader(host.headers().createAllowHeader(host.allow()));
        if (o.outboundProxy() != null) {
            invite.addHeader(host.headers().createRouteHeader(host.addresses().createAddress(firstHop)));
        }
        for (Map.Entry<String, String> h : o.headers().entrySet()) invite.addHeader(host.headers().createHeader(h.getKey(), h.getValue()));
        ClientTransaction tx = host.provider().getNewClientTransaction(invite);
        Dialog d = host.provider().getNewDialog(tx);
        CallSession s = new CallSession(this, host, false, callId, new SipParty(calledUser, null, o.requestUri()));
        s.setListener(listener);
        s.bindClient(tx, d, fromTag, o.credentials());
        outgoingSessions.put(s.key(), s);
        host.send(tx, transport, e -> { // over TCP/TLS the connection is opened off the engine thread (SipHost.send)
            boolean wasLive = s.state() != CallSession.State.TERMINATED;
            s.setTerminated(Response.SERVICE_UNAVAILABLE);
            if (wasLive) {
                Logger.info("sip {}: INVITE could not be sent: {}", s.shortId(), e.toString());
                s.listener().onFailed(s, Response.SERVICE_UNAVAILABLE);
            }
        });
        Logger.info("sip {}: INVITE to {} ({})", s.shortId(), calledUser, o.outboundProxy() != null ? hostOf(o.outboundProxy()) : hostOf(o.requestUri()));
        return s;
    }

    private void onResponse(ResponseEvent e) throws Exception {
        Response r = e.getResponse();
        CSeqHeader cseq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
        if (refers.onResponse(e)) return;
        if (!Request.INVITE.equals(cseq.getMethod())) return; // BYE/CANCEL answers need nothing
        if (reinvites.onResponse(e)) return;
        CallSession s = outgoingSessions.get(key(callIdOf(r), ((FromHeader) r.getHeader(FromHeader.NAME)).getTag()));
        int status = r.getStatusCode();
        if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) && s != null
                && s.state() != CallSession.State.TERMINATED && isCurrent(s, e) && InviteChallenge.answer(host, this, s, r)) {
            return;
        }
        if (status >= 200 && status < 300) {
            String remoteTag = ((ToHeader) r.getHeader(ToHeader.NAME)).getTag();
            if (s != null && remoteTag != null && !remoteTag.equals(s.acceptRemoteTag(remoteTag))) {
                ForkedAnswer.ackAndBye(host, s, r); // RFC 3261 §13.2.2.4: a second fork answered too
                return;
            }
            Dialog d = e.getDialog() != null ? e.getDialog() : s == null ? null : s.dialog();
            if (d != null) {
                Request ack = d.createAck(cseq.getSeqNumber());
                d.sendAck(ack);
            }
            if (s == null) return; // a retransmitted 200 after we were done: ACK was enough
            if (s.moveTo(CallSession.State.CALLING, CallSession.State.CONFIRMED)
                    || s.moveTo(CallSession.State.EARLY, CallSession.State.CONFIRMED)) {
                s.setFinalStatus(status);
                Logger.info("sip {}: answered by {}", s.shortId(), s.remote().user());
                s.listener().onAnswered(s, body(r));
            } else if (s.state() == CallSession.State.TERMINATED) {
                sendBye(s); // answered after we gave up (forking race, CANCEL crossed the 200)
            }
        } else if (status < 200 && s != null) {
            s.listener().onProgress(s, status);
            if (status >= 180 && s.moveTo(CallSession.State.CALLING, CallSession.State.EARLY)) s.listener().onRinging(s);
        } else if (status >= 300 && s != null) {
            boolean wasLive = s.state() != CallSession.State.TERMINATED;
            s.setTerminated(status);
            if (wasLive) {
                Logger.info("sip {}: failed with {}", s.shortId(), status);
                s.listener().onFailed(s, status);
            }
        }
    }

    private void onTimeout(TimeoutEvent e) {
        if (e.isServerTransaction()) return;
        if (reinvites.onTimeout(e.getClientTransaction())) return;
        if (refers.onTimeout(e.getClientTransaction())) return;
        Request req = e.getClientTransaction().getRequest();
        CallSession s = outgoingSessions.get(key(callIdOf(req), ((FromHeader) req.getHeader(FromHeader.NAME)).getTag()));
        if (s == null || e.getClientTransaction() != s.inviteClientTx()) return; // not the INVITE now in flight
        if (Request.INVITE.equals(req.getMethod()) && s.state() == CallSession.State.TERMINATED) {
            forget(s); // an abandoned INVITE ran out
        } else if (Request.INVITE.equals(req.getMethod())) {
            s.setTerminated(Response.REQUEST_TIMEOUT);
            Logger.info("sip {}: no answer from {} (timeout)", s.shortId(), s.remote().user());
            s.listener().onFailed(s, Response.REQUEST_TIMEOUT);
        }
    }

    /** A response to the INVITE transaction now in flight (not a late one to a challenged first attempt). */
    private static boolean isCurrent(CallSession s, ResponseEvent e) {
        return e.getClientTransaction() == null || e.getClientTransaction() == s.inviteClientTx();
    }

    void sendBye(CallSession s) {
        try {
            Dialog d = s.dialog();
            Request bye = d.createRequest(Request.BYE);
            ClientTransaction tx = host.provider().getNewClientTransaction(bye);
            d.sendRequest(tx);
            Logger.info("sip {}: BYE sent", s.shortId());
        } catch (Exception e) {
            Logger.warn("sip {}: cannot send BYE: {}", s.shortId(), e.toString());
        }
    }

    void sendCancel(CallSession s) {
        try {
            Request cancel = s.inviteClientTx().createCancel();
            host.provider().getNewClientTransaction(cancel).sendRequest();
            Logger.info("sip {}: CANCEL sent", s.shortId());
        } catch (Exception e) {
            Logger.warn("sip {}: cannot send CANCEL: {}", s.shortId(), e.toString());
        }
    }

    // ---- helpers -------------------------------------------------------------------------

    ContactHeader contactHeader(String transport) throws java.text.ParseException { return contactHeader(transport, false); }

    /** Our Contact for {@code req}'s dialog: its transport, and {@code sips:} when its Request-URI is (RFC 5630 §3.1.3). */
    ContactHeader contactFor(Request req) throws java.text.ParseException {
        return contactHeader(transportOf(req), req.getRequestURI() instanceof SipURI u && u.isSecure());
    }

    ContactHeader contactHeader(String transport, boolean secure) throws java.text.ParseException {
        SipURI uri = host.addresses().createSipURI("lifeline", host.advertisedHost());
        uri.setPort(host.port(secure ? "tls" : transport));
        if (secure) uri.setSecure(true);
        else if (transport != null && !transport.equalsIgnoreCase("udp")) uri.setTransportParam(transport.toLowerCase());
        return host.headers().createContactHeader(host.addresses().createAddress(uri));
    }

    static String transportOf(Request req) {
        ViaHeader via = (ViaHeader) req.getHeader(ViaHeader.NAME);
        return via == null ? "udp" : via.getTransport();
    }

    private static String callIdOf(javax.sip.message.Message m) {
        return ((CallIdHeader) m.getHeader(CallIdHeader.NAME)).getCallId();
    }

    private static String body(javax.sip.message.Message m) {
        byte[] raw = m.getRawContent();
        return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    }

    static String userOf(URI uri) {
        return uri instanceof SipURI su ? su.getUser() : null;
    }

    private static String hostOf(String uri) {
        int at = uri.indexOf('@');
        return at < 0 ? uri : uri.substring(at + 1);
    }

    /** 64 bits from SecureRandom (RFC 3261 §19.3); it was 40 bits of Math.random() text, partly constant. */
    private static String tag() { return dev.lifeline.sip.SipIds.tag(); }
}
