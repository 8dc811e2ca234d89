package dev.lifeline.sip.registrar;

import dev.lifeline.sip.SipHost;
import java.util.List;
import javax.sip.ServerTransaction;
import javax.sip.address.Address;
import javax.sip.header.ContactHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Builds and sends the answers to one REGISTER: on its server transaction when it has one
 * (forwarding to HQ), else statelessly, telling {@code onSent} what was answered so that
 * retransmissions get the same answer ({@link RegisterRetransmissions}).
 */
final class Reply {
    private final SipHost host;
    private final Request req;
    private final ServerTransaction st;
    private final String toTag;
    private final java.util.function.Consumer<Response> onSent;

    Reply(SipHost host, Request req, ServerTransaction st, String toTag, java.util.function.Consumer<Response> onSent) {
        this.host = host;
        this.req = req;
        this.st = st;
        this.toTag = toTag;
        this.onSent = onSent;
    }

    Response create(int status) throws java.text.ParseException {
        Response r = host.messages().createResponse(status, req);
        ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
        if (to != null && to.getTag() == null) to.setTag(toTag);
        return r;
    }

    /** 401 with the challenge headers (identical in shape for unknown users and wrong passwords). */
    void challenge(List<String> wwwAuthenticate) throws Exception {
        Response r = create(Response.UNAUTHORIZED);
        for (String v : wwwAuthenticate) r.addHeader(host.headers().createHeader("WWW-Authenticate", v));
        send(r);
    }

    void reject(RegisterRejected e) throws Exception {
        Response r = create(e.status());
        r.setReasonPhrase(e.getMessage());
        if (e.status() == Response.INTERVAL_TOO_BRIEF) r.addHeader(host.headers().createMinExpiresHeader(e.minExpires()));
        send(r);
    }

    /** 200 OK listing every current binding with its remaining lifetime (RFC 3261 §10.3 step 8). */
    void ok(List<Binding> bindings, long nowMs, List<String> path) throws Exception {
        Response r = create(Response.OK);
        for (Binding b : bindings) {
            Address a = host.addresses().createAddress(host.addresses().createURI(b.contact()));
            ContactHeader ch = host.headers().createContactHeader(a);
            ch.setExpires((int) Math.min(Integer.MAX_VALUE, b.remainingSeconds(nowMs)));
            if (b.q() != 1.0) ch.setQValue((float) b.q());
            if (b.instance() != null) ch.setParameter("+sip.instance", b.instance());
            r.addHeader(ch);
        }
        for (String p : path) r.addHeader(host.headers().createHeader("Path", p));
        if (!path.isEmpty()) r.addHeader(host.headers().createHeader("Supported", "path"));
        r.addHeader(host.headers().createDateHeader(java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("GMT"))));
        send(r);
    }

    void send(Response r) throws Exception {
        if (onSent != null) onSent.accept(r); // first: a retransmission that arrives meanwhile gets the same answer
        if (st != null) st.sendResponse(r);
        else host.provider().sendResponse(r);
    }
}
