package dev.lifeline.sip.upstream;

import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.sip.SipHost;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import javax.sip.ClientTransaction;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.header.MinExpiresHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The JAIN-SIP side of upstream registration: builds a line's REGISTER (Request-URI and To/From
 * at HQ's domain, the HQ server as loose-routing outbound proxy, our Contact) and reads HQ's
 * answer back into a {@link RegisterExchange.Reply}.
 */
final class RegisterMessages {
    private final SipHost host;

    RegisterMessages(SipHost host) { this.host = host; }

    /** Sends {@code r} on a new client transaction; the returned action terminates it. */
    Runnable send(RegisterExchange.Request r) throws Exception {
        String transport = r.server().transport().name().toLowerCase(Locale.ROOT);
        SipURI requestUri = (SipURI) host.addresses().createURI(r.requestUri());
        SipURI aor = host.addresses().createSipURI(r.user(), r.domain());
        Address aorAddress = host.addresses().createAddress(aor);
        Request req = host.messages().createRequest(requestUri, Request.REGISTER,
                host.headers().createCallIdHeader(r.callId()), host.headers().createCSeqHeader(r.cseq(), Request.REGISTER),
                host.headers().createFromHeader(aorAddress, Long.toHexString(System.nanoTime())),
                host.headers().createToHeader(aorAddress, null),
                List.of(host.headers().createViaHeader(host.advertisedHost(), host.port(transport), transport, null)),
                host.headers().createMaxForwardsHeader(70));
        SipURI proxy = host.addresses().createSipURI(null, r.server().host());
        proxy.setPort(r.server().port());
        if (!"udp".equals(transport)) proxy.setTransportParam(transport);
        proxy.setLrParam();
        req.addHeader(host.headers().createRouteHeader(host.addresses().createAddress(proxy)));
        req.addHeader(host.headers().createContactHeader(host.addresses().createAddress(contact(r.user(), transport))));
        req.addHeader(host.headers().createExpiresHeader(r.expires()));
        req.addHeader(host.headers().createAllowHeader(host.allow()));
        req.addHeader(host.headers().createUserAgentHeader(List.of("Lifeline")));
        if (r.authHeader() != null) req.addHeader(host.headers().createHeader(r.authHeader(), r.authValue()));
        ClientTransaction tx = host.provider().getNewClientTransaction(req);
        // a send that fails over TCP/TLS ends as this REGISTER's timeout, as an unanswered one does
        host.send(tx, transport, e -> org.tinylog.Logger.debug("upstream REGISTER to {} not sent: {}", name(r.server()), e.toString()));
        return () -> {
            try {
                tx.terminate();
            } catch (Exception ignored) {
                // already over
            }
        };
    }

    /** Our Contact for a line: {@code sip:<user>@<advertised host>:<port>}. */
    SipURI contact(String user, String transport) throws java.text.ParseException {
        SipURI c = host.addresses().createSipURI(user, host.advertisedHost());
        c.setPort(host.port(transport));
        if (!"udp".equals(transport)) c.setTransportParam(transport);
        return c;
    }

    /** The reply to one of our REGISTERs, or null when {@code r} is not one (another listener's response). */
    RegisterExchange.Reply read(Response r) {
        CSeqHeader cseq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
        CallIdHeader cid = (CallIdHeader) r.getHeader(CallIdHeader.NAME);
        if (cseq == null || cid == null || !Request.REGISTER.equals(cseq.getMethod())) return null;
        int status = r.getStatusCode();
        List<String> challenges = new ArrayList<>();
        String name = status == Response.PROXY_AUTHENTICATION_REQUIRED ? "Proxy-Authenticate" : "WWW-Authenticate";
        for (ListIterator<?> it = r.getHeaders(name); it.hasNext(); ) challenges.add(((Header) it.next()).toString().strip());
        MinExpiresHeader min = (MinExpiresHeader) r.getHeader(MinExpiresHeader.NAME);
        return new RegisterExchange.Reply(cid.getCallId(), cseq.getSeqNumber(), status, granted(r),
                challenges, min == null ? -1 : min.getExpires());
    }

    /** Our contact's lifetime in a 2xx: its Contact's expires parameter, else the Expires header, else -1. */
    private int granted(Response r) {
        java.util.Set<String> ours = new java.util.HashSet<>(java.util.List.of(host.advertisedHost() + ":" + host.port(),
                host.advertisedHost() + ":" + host.port("tls")));
        for (ListIterator<?> it = r.getHeaders(ContactHeader.NAME); it.hasNext(); ) {
            ContactHeader c = (ContactHeader) it.next();
            if (c.getAddress().getURI() instanceof SipURI u && ours.contains(u.getHost() + ":" + u.getPort()) && c.getExpires() >= 0) {
                return c.getExpires();
            }
        }
        ExpiresHeader e = (ExpiresHeader) r.getHeader(ExpiresHeader.NAME);
        return e == null ? -1 : e.getExpires();
    }

    static String name(UpstreamConfig.Server s) { return s.host() + ":" + s.port(); }
}
