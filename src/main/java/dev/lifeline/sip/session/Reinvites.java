package dev.lifeline.sip.session;

import dev.lifeline.sip.SipHost;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.tinylog.Logger;

/**
 * The re-INVITEs the gateway sends in a confirmed dialog (a switch to T.38 for a fax), and their
 * answers: the 2xx is ACKed here; any final status goes to the sender's callback. One re-INVITE
 * per dialog in flight: a second is refused at once, and a far end's re-INVITE that crosses ours
 * gets 491 (RFC 3261 §14.2), whereupon each side retries after its random wait (§14.1).
 */
final class Reinvites {
    /** What a re-INVITE got: its final status (408 on timeout, 0 when it could not be sent) and the answer SDP of a 2xx. */
    @FunctionalInterface
    public interface Result {
        void done(int status, String sdp);
    }

    private record Pending(CallSession session, Result result) {}

    private final SessionManager manager;
    private final SipHost host;
    private final Map<ClientTransaction, Pending> sent = new ConcurrentHashMap<>();

    Reinvites(SessionManager manager, SipHost host) {
        this.manager = manager;
        this.host = host;
    }

    /** Whether {@code s} has a re-INVITE of ours in flight (then the far end's must get 491). */
    boolean pending(CallSession s) {
        return sent.values().stream().anyMatch(p -> p.session == s);
    }

    void send(CallSession s, String sdp, Result result) {
        if (s.state() != CallSession.State.CONFIRMED || pending(s)) {
            result.done(0, null);
            return;
        }
        try {
            Dialog d = s.dialog();
            Request invite = d.createRequest(Request.INVITE);
            invite.addHeader(manager.contactFor(s.incoming() ? s.inviteServerTx().getRequest() : s.inviteClientTx().getRequest()));
            invite.setContent(sdp, host.headers().createContentTypeHeader("application", "sdp"));
            ClientTransaction tx = host.provider().getNewClientTransaction(invite);
            sent.put(tx, new Pending(s, result));
            d.sendRequest(tx);
            Logger.info("sip {}: re-INVITE sent", s.shortId());
        } catch (Exception e) {
            Logger.warn("sip {}: cannot send re-INVITE: {}", s.shortId(), e.toString());
            result.done(0, null);
        }
    }

    /** Takes a response to one of our re-INVITEs (true), or leaves it to the caller (false). */
    boolean onResponse(ResponseEvent e) {
        ClientTransaction tx = e.getClientTransaction();
        if (tx == null) return false;
        Pending p = sent.get(tx);
        if (p == null) return false;
        Response r = e.getResponse();
        int status = r.getStatusCode();
        if (status < 200) return true;
        sent.remove(tx);
        if (status < 300) {
            try {
                Dialog d = e.getDialog() != null ? e.getDialog() : p.session.dialog();
                d.sendAck(d.createAck(((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getSeqNumber()));
            } catch (Exception ex) {
                Logger.warn("sip {}: cannot ACK the re-INVITE's {}: {}", p.session.shortId(), status, ex.toString());
            }
        }
        Logger.info("sip {}: re-INVITE answered {}", p.session.shortId(), status);
        byte[] raw = r.getRawContent();
        p.result.done(status, raw == null ? null : new String(raw, StandardCharsets.UTF_8));
        return true;
    }

    /** A timeout of one of our re-INVITEs: 408 to its sender (true), or not ours (false). */
    boolean onTimeout(ClientTransaction tx) {
        Pending p = tx == null ? null : sent.remove(tx);
        if (p == null) return false;
        Logger.info("sip {}: re-INVITE timed out", p.session.shortId());
        p.result.done(Response.REQUEST_TIMEOUT, null);
        return true;
    }

    /** Forgets what a dialog that ended had in flight. */
    void forget(CallSession s) { sent.values().removeIf(p -> p.session == s); }
}
