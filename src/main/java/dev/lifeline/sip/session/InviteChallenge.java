package dev.lifeline.sip.session;

import dev.lifeline.sip.SipHost;
import java.util.ArrayList;
import java.util.List;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.tinylog.Logger;

/**
 * An outgoing INVITE's answer to a digest challenge (RFC 3261 §22.2): the same request again
 * with the session's credentials, the next CSeq and a new branch, on a new client transaction
 * (the transaction layer has already ACKed the 401/407). Same Call-ID and From tag, so the far
 * end sees one call.
 */
final class InviteChallenge {
    private InviteChallenge() {}

    /**
     * Answers a 401/407 to an outgoing INVITE: the same request again with credentials and the
     * next CSeq on a new transaction. False when there are no credentials, they cannot answer
     * this challenge, or they were already refused (the caller then sees the 401/407).
     */
    static boolean answer(SipHost host, SessionManager manager, CallSession s, Response challenge) {
        ChallengeResponder creds = s.credentials();
        ClientTransaction old = s.inviteClientTx();
        if (creds == null || old == null) return false;
        boolean proxy = challenge.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        List<String> challenges = new ArrayList<>();
        for (var it = challenge.getHeaders(proxy ? "Proxy-Authenticate" : "WWW-Authenticate"); it.hasNext(); ) {
            challenges.add(it.next().toString().strip());
        }
        Request req = (Request) old.getRequest().clone();
        var answer = creds.respond(challenges, Request.INVITE, req.getRequestURI().toString());
        if (answer.isEmpty()) return false;
        try {
            String transport = SessionManager.transportOf(req);
            req.setHeader(host.headers().createViaHeader(host.advertisedHost(), host.port(transport), transport, null));
            CSeqHeader cseq = (CSeqHeader) req.getHeader(CSeqHeader.NAME);
            cseq.setSeqNumber(cseq.getSeqNumber() + 1);
            req.removeHeader("Authorization");
            req.removeHeader("Proxy-Authorization");
            req.addHeader(host.headers().createHeader(proxy ? "Proxy-Authorization" : "Authorization", answer.get()));
            ClientTransaction tx = host.provider().getNewClientTransaction(req);
            Dialog d = host.provider().getNewDialog(tx);
            s.bindClient(tx, d);
            tx.sendRequest();
            Logger.info("sip {}: {} answered with credentials, INVITE sent again (CSeq {})", s.shortId(),
                    challenge.getStatusCode(), cseq.getSeqNumber());
            if (s.state() == CallSession.State.TERMINATED) manager.sendCancel(s); // the caller gave up meanwhile
            return true;
        } catch (Exception ex) {
            Logger.warn("sip {}: cannot send the authenticated INVITE: {}", s.shortId(), ex.toString());
            return false;
        }
    }
}
