package dev.lifeline.sip.session;

import dev.lifeline.sip.SipHost;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.tinylog.Logger;

/**
 * REFER (RFC 3515) in the gateway's confirmed dialogs, both ways: a far end's REFER transferring
 * our other party (answered here, carried out by the call layer), and the REFERs the gateway sends
 * to hand a transfer to a SIP phone, whose final answers come back here. Split from
 * {@link SessionManager}, which routes REFER requests, responses and timeouts to it.
 */
final class Refers {
    private final SessionManager manager;
    private final SipHost host;
    /** REFERs we sent, by client transaction: who hears the final answer. */
    private final Map<ClientTransaction, IntConsumer> sent = new ConcurrentHashMap<>();

    Refers(SessionManager manager, SipHost host) {
        this.manager = manager;
        this.host = host;
    }

    /**
     * REFER in a confirmed dialog (RFC 3515): the far end transfers our other party. Accepted with
     * 202 when the call layer takes it, then one NOTIFY (message/sipfrag {@code SIP/2.0 200 OK},
     * subscription terminated): the gateway, a B2BUA, carries the transfer out itself, so the
     * transferor's part is done; the call layer then ends this dialog (BYE). A Replaces header in
     * the Refer-To (RFC 3891) must name a dialog we hold (481 otherwise): an attended transfer.
     */
    void onRefer(RequestEvent e, CallSession s) throws Exception {
        Request req = e.getRequest();
        ServerTransaction st = SessionManager.serverTransaction(host, e);
        if (SessionManager.outsideConfirmedDialog(host, st, req, s)) return;
        javax.sip.header.ReferToHeader rt = (javax.sip.header.ReferToHeader) req.getHeader(javax.sip.header.ReferToHeader.NAME);
        if (rt == null || !(rt.getAddress().getURI() instanceof javax.sip.address.SipURI uri) || uri.getUser() == null) {
            st.sendResponse(host.messages().createResponse(Response.BAD_REQUEST, req));
            return;
        }
        CallSession replaced = null;
        String rep = uri.getHeader("Replaces");
        if (rep != null) {
            replaced = byReplaces(Replaces.parseEscaped(rep));
            if (replaced == null || replaced == s) {
                Logger.info("sip {}: REFER with Replaces of an unknown dialog ({})", s.shortId(), rep);
                st.sendResponse(host.messages().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, req));
                return;
            }
        }
        if (!s.listener().takesRefer()) {
            st.sendResponse(host.messages().createResponse(Response.DECLINE, req));
            return;
        }
        st.sendResponse(host.messages().createResponse(Response.ACCEPTED, req));
        Logger.info("sip {}: REFER to {} accepted ({})", s.shortId(), uri.getUser(),
                replaced == null ? "blind" : "attended, replaces " + replaced.shortId());
        notifyOutcome(s, "SIP/2.0 200 OK"); // before the call layer's BYE for this dialog
        s.listener().onRefer(s, uri.getUser(), replaced);
    }

    /**
     * The session a Refer-To's Replaces names, whichever side opened it: the transferor writes the
     * tags as it sees its dialog with the gateway, so either may be the one our session is keyed by.
     */
    private CallSession byReplaces(Replaces r) {
        if (r == null) return null;
        CallSession s = manager.byTag(r.callId(), r.fromTag());
        return s != null ? s : manager.byTag(r.callId(), r.toTag());
    }

    /**
     * Sends REFER in {@code s}'s confirmed dialog (RFC 3515): the far end is asked to call
     * {@code user} at this gateway itself; {@code result} hears the final status (408 on timeout,
     * 0 when it could not be sent). The implicit subscription's NOTIFYs are not followed: the call
     * layer ends the dialog once the REFER is accepted (the far end's new call is a call of its own).
     */
    void send(CallSession s, String user, String referredBy, CallSession replaces, IntConsumer result) {
        try {
            Dialog d = s.dialog();
            Request refer = d.createRequest(Request.REFER);
            javax.sip.address.SipURI to = host.addresses().createSipURI(user, host.advertisedHost());
            to.setPort(host.port());
            if (replaces != null) to.setHeader("Replaces", Replaces.naming(replaces).escaped());
            refer.addHeader(host.headers().createReferToHeader(host.addresses().createAddress(to)));
            javax.sip.address.SipURI by = host.addresses().createSipURI(referredBy, host.advertisedHost());
            refer.addHeader(host.headers().createHeader("Referred-By", "<" + by + ">"));
            // RFC 4488: no implicit subscription wanted; the call layer does not follow the NOTIFYs
            refer.addHeader(host.headers().createHeader("Refer-Sub", "false"));
            refer.addHeader(manager.contactFor(s.incoming() ? s.inviteServerTx().getRequest() : s.inviteClientTx().getRequest()));
            ClientTransaction tx = host.provider().getNewClientTransaction(refer);
            sent.put(tx, result);
            d.sendRequest(tx);
            Logger.info("sip {}: REFER to {} sent{}", s.shortId(), user, replaces == null ? "" : " (replacing dialog " + replaces.shortId() + ")");
        } catch (Exception e) {
            Logger.warn("sip {}: cannot send REFER: {}", s.shortId(), e.toString());
            result.accept(0);
        }
    }

    /** The REFER's outcome as the implicit subscription's one NOTIFY (RFC 3515 §2.4.4). */
    private void notifyOutcome(CallSession s, String sipfrag) {
        try {
            Dialog d = s.dialog();
            Request n = d.createRequest(Request.NOTIFY);
            n.addHeader(host.headers().createEventHeader("refer"));
            javax.sip.header.SubscriptionStateHeader ss = host.headers().createSubscriptionStateHeader(
                    javax.sip.header.SubscriptionStateHeader.TERMINATED);
            ss.setReasonCode("noresource");
            n.addHeader(ss);
            n.setContent(sipfrag, host.headers().createContentTypeHeader("message", "sipfrag"));
            d.sendRequest(host.provider().getNewClientTransaction(n));
            Logger.info("sip {}: NOTIFY ({}) sent", s.shortId(), sipfrag);
        } catch (Exception e) {
            Logger.warn("sip {}: cannot send the REFER NOTIFY: {}", s.shortId(), e.toString());
        }
    }

    /** A response to a REFER of ours (true): the final one goes to the sender's callback. False: not a REFER's. */
    boolean onResponse(ResponseEvent e) {
        Response r = e.getResponse();
        if (!Request.REFER.equals(((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getMethod())) return false;
        if (r.getStatusCode() >= 200 && e.getClientTransaction() != null) {
            IntConsumer done = sent.remove(e.getClientTransaction());
            if (done != null) done.accept(r.getStatusCode());
        }
        return true;
    }

    /** A REFER of ours timed out (true: its sender hears 408). */
    boolean onTimeout(ClientTransaction tx) {
        IntConsumer refer = sent.remove(tx);
        if (refer == null) return false;
        refer.accept(Response.REQUEST_TIMEOUT);
        return true;
    }
}
