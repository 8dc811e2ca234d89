package dev.lifeline.sip.session;

import dev.lifeline.sip.SipHost;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * session they belong to (by Call-ID: every leg of the B2BUA is its own dialog).
 */
public final class SessionManager {
    private final SipHost host;
    private final Map<String, CallSession> sessions = new ConcurrentHashMap<>();
    private volatile IncomingCallHandler incoming = (s, c, u, sdp) -> s.reject(Response.TEMPORARILY_UNAVAILABLE);
    private volatile InviteAuthenticator authenticator = InviteAuthenticator.NONE;

    public SessionManager(SipHost host) {
        this.host = host;
        host.handle(Request.INVITE, (h, e) -> onInvite(e));
        host.handle(Request.ACK, (h, e) -> onAck(e));
        host.handle(Request.BYE, (h, e) -> onBye(e));
        host.handle(Request.CANCEL, (h, e) -> onCancel(e));
        host.onResponses((h, e) -> onResponse(e));
        host.onTimeouts((h, e) -> onTimeout(e));
    }

    public void onIncomingCall(IncomingCallHandler handler) { incoming = handler; }

    /** Who may place calls: new INVITEs are authenticated before a session exists. */
    public void authenticateWith(InviteAuthenticator a) { authenticator = a; }

    public int activeSessions() { return sessions.size(); }

    void forget(CallSession s) { sessions.remove(s.callId(), s); }

    // ---- incoming ------------------------------------------------------------------------

    private void onInvite(RequestEvent e) throws Exception {
        Request req = e.getRequest();
        String callId = ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId();
        CallSession existing = sessions.get(callId);
        if (((ToHeader) req.getHeader(ToHeader.NAME)).getTag() != null) {
            reinvite(e, existing);
            return;
        }
        if (existing != null) return; // retransmission racing the transaction layer
        if (req.getHeader("Proxy-Authorization") == null && authenticator != InviteAuthenticator.NONE) {
            authenticator.authenticate(host, e, null); // challenge statelessly: no transaction lingers
            return;
        }
        ServerTransaction st = e.getServerTransaction() != null ? e.getServerTransaction()
                : host.provider().getNewServerTransaction(req);
        String user = authenticator.authenticate(host, e, st);
        if (user == null) return; // challenged or refused
        st.sendResponse(host.messages().createResponse(Response.TRYING, req));
        Dialog d = host.provider().getNewDialog(st);
        FromHeader from = (FromHeader) req.getHeader(FromHeader.NAME);
        SipParty caller = new SipParty(user, from.getAddress().getDisplayName(), from.getAddress().getURI().toString());
        String called = userOf(req.getRequestURI());
        if (called == null) called = userOf(((ToHeader) req.getHeader(ToHeader.NAME)).getAddress().getURI());
        CallSession s = new CallSession(this, host, true, callId, caller);
        s.bindServer(st, d, tag());
        sessions.put(callId, s);
        Logger.info("sip {}: INVITE from {} to {}", s.shortId(), caller.user(), called);
        incoming.onIncomingCall(s, caller, called, body(req));
    }

    private void reinvite(RequestEvent e, CallSession s) throws Exception {
        Request req = e.getRequest();
        ServerTransaction st = e.getServerTransaction() != null ? e.getServerTransaction()
                : host.provider().getNewServerTransaction(req);
        if (s == null || s.state() != CallSession.State.CONFIRMED) {
            st.sendResponse(host.messages().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, req));
            return;
        }
        String answer = s.listener().onReoffer(s, body(req));
        if (answer == null) {
            st.sendResponse(host.messages().createResponse(Response.NOT_ACCEPTABLE_HERE, req));
            return;
        }
        Response ok = host.messages().createResponse(Response.OK, req);
        ok.addHeader(contactHeader(transportOf(req)));
        ok.setContent(answer, host.headers().createContentTypeHeader("application", "sdp"));
        st.sendResponse(ok);
        Logger.info("sip {}: re-INVITE answered", s.shortId());
    }

    private void onAck(RequestEvent e) {
        CallSession s = sessions.get(callIdOf(e.getRequest()));
        if (s != null && s.incoming() && s.state() == CallSession.State.CONFIRMED && s.finalStatus() == Response.OK) {
            s.setFinalStatus(Response.OK);
            s.listener().onAnswered(s, body(e.getRequest()));
        }
    }

    private void onBye(RequestEvent e) throws Exception {
        Request req = e.getRequest();
        CallSession s = sessions.get(callIdOf(req));
        ServerTransaction st = e.getServerTransaction() != null ? e.getServerTransaction()
                : host.provider().getNewServerTransaction(req);
        if (s == null) {
            st.sendResponse(host.messages().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, req));
            return;
        }
        st.sendResponse(host.messages().createResponse(Response.OK, req));
        Logger.info("sip {}: BYE from the far end", s.shortId());
        s.setTerminated(s.finalStatus());
        s.listener().onEnded(s, false);
    }

    private void onCancel(RequestEvent e) throws Exception {
        Request req = e.getRequest();
        CallSession s = sessions.get(callIdOf(req));
        ServerTransaction cst = e.getServerTransaction() != null ? e.getServerTransaction()
                : host.provider().getNewServerTransaction(req);
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
        URI target = host.addresses().createURI(targetUri);
        String transport = target instanceof SipURI su && su.getTransportParam() != null ? su.getTransportParam() : "udp";
        String callId = UUID.randomUUID() + "@" + host.advertisedHost();
        SipURI fromUri = host.addresses().createSipURI(caller.user(), host.advertisedHost());
        Address fromAddr = host.addresses().createAddress(fromUri);
        if (caller.displayName() != null) fromAddr.setDisplayName(caller.displayName());
        FromHeader from = host.headers().createFromHeader(fromAddr, tag());
        ToHeader to = host.headers().createToHeader(host.addresses().createAddress(
                host.addresses().createSipURI(calledUser, host.advertisedHost())), null);
        ViaHeader via = host.headers().createViaHeader(host.advertisedHost(), host.port(), transport, null);
        ContentTypeHeader ct = host.headers().createContentTypeHeader("application", "sdp");
        Request invite = host.messages().createRequest(target, Request.INVITE,
                host.headers().createCallIdHeader(callId), host.headers().createCSeqHeader(1L, Request.INVITE),
                from, to, List.of(via), host.headers().createMaxForwardsHeader(70), ct, sdp.getBytes(StandardCharsets.UTF_8));
        invite.addHeader(contactHeader(transport));
        invite.addHeader(host.headers().createAllowHeader(host.allow()));
        ClientTransaction tx = host.provider().getNewClientTransaction(invite);
        Dialog d = host.provider().getNewDialog(tx);
        CallSession s = new CallSession(this, host, false, callId, new SipParty(calledUser, null, targetUri));
        s.setListener(listener);
        s.bindClient(tx, d);
        sessions.put(callId, s);
        tx.sendRequest();
        Logger.info("sip {}: INVITE to {} ({})", s.shortId(), calledUser, hostOf(targetUri));
        return s;
    }

    private void onResponse(ResponseEvent e) throws Exception {
        Response r = e.getResponse();
        CSeqHeader cseq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
        if (!Request.INVITE.equals(cseq.getMethod())) return; // BYE/CANCEL answers need nothing
        CallSession s = sessions.get(callIdOf(r));
        int status = r.getStatusCode();
        if (status >= 200 && status < 300) {
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
        } else if (status >= 180 && status < 200 && s != null) {
            if (s.moveTo(CallSession.State.CALLING, CallSession.State.EARLY)) s.listener().onRinging(s);
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
        Request req = e.getClientTransaction().getRequest();
        CallSession s = sessions.get(callIdOf(req));
        if (s == null) return;
        if (Request.INVITE.equals(req.getMethod()) && s.state() != CallSession.State.TERMINATED) {
            s.setTerminated(Response.REQUEST_TIMEOUT);
            Logger.info("sip {}: no answer from {} (timeout)", s.shortId(), s.remote().user());
            s.listener().onFailed(s, Response.REQUEST_TIMEOUT);
        }
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

    ContactHeader contactHeader(String transport) throws java.text.ParseException {
        SipURI uri = host.addresses().createSipURI("lifeline", host.advertisedHost());
        uri.setPort(host.port());
        if (transport != null && !transport.equalsIgnoreCase("udp")) uri.setTransportParam(transport.toLowerCase());
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

    private static String tag() { return Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 10); }
}
