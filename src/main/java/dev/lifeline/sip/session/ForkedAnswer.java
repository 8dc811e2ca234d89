package dev.lifeline.sip.session;

import dev.lifeline.sip.SipHost;
import dev.lifeline.sip.SipIds;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import javax.sip.address.Address;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.tinylog.Logger;

/**
 * A 2xx to our INVITE from a second fork, after the call was already answered by another
 * (a different To tag): RFC 3261 §13.2.2.4 says the UAC must ACK it — or the fork retransmits
 * its 2xx for 32 s — and then end that dialog with a BYE, since the call goes on with the first.
 *
 * <p>JAIN-SIP's dialog for the session holds the first fork's tag, so its {@code createAck}
 * would address the wrong dialog; the ACK and BYE are built here from the fork's 2xx (its
 * Contact as target, its Record-Route reversed as route set, its To tag).
 */
final class ForkedAnswer {
    private ForkedAnswer() { }

    static void ackAndBye(SipHost host, CallSession s, Response ok) {
        try {
            Request invite = s.inviteClientTx().getRequest();
            long cseq = ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber();
            Request ack = request(host, invite, ok, Request.ACK, cseq);
            host.provider().sendRequest(ack);
            Request bye = request(host, invite, ok, Request.BYE, cseq + 1);
            host.provider().getNewClientTransaction(bye).sendRequest();
            Logger.info("sip {}: a second fork answered too (tag {}): ACKed and BYEd, the call stays with the first",
                    s.shortId(), ((ToHeader) ok.getHeader(ToHeader.NAME)).getTag());
        } catch (Exception e) {
            Logger.warn("sip {}: cannot end the dialog of a second fork: {}", s.shortId(), e.toString());
        }
    }

    private static Request request(SipHost host, Request invite, Response ok, String method, long cseq) throws Exception {
        ContactHeader contact = (ContactHeader) ok.getHeader(ContactHeader.NAME);
        URI target = contact != null ? (URI) contact.getAddress().getURI().clone() : (URI) invite.getRequestURI().clone();
        String transport = SessionManager.transportOf(invite);
        ViaHeader via = host.headers().createViaHeader(host.advertisedHost(), host.port(transport), transport,
                "z9hG4bK" + SipIds.tag() + SipIds.tag());
        Request r = host.messages().createRequest(target, method,
                (CallIdHeader) ok.getHeader(CallIdHeader.NAME).clone(), host.headers().createCSeqHeader(cseq, method),
                (FromHeader) invite.getHeader(FromHeader.NAME).clone(), (ToHeader) ok.getHeader(ToHeader.NAME).clone(),
                List.of(via), host.headers().createMaxForwardsHeader(70));
        List<Address> routes = new ArrayList<>();
        ListIterator<?> rr = ok.getHeaders(RecordRouteHeader.NAME);
        while (rr != null && rr.hasNext()) routes.add(0, ((RecordRouteHeader) rr.next()).getAddress());
        for (Address a : routes) r.addHeader(host.headers().createRouteHeader((Address) a.clone()));
        return r;
    }
}
