package dev.lifeline.sip.registrar;

import dev.lifeline.sip.FreePorts;
import dev.lifeline.sip.SipHost;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sip.header.ContactHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * A scripted HQ registrar on its own SIP stack (real UDP): challenges a REGISTER without
 * credentials for its realm "hq" (it checks no digest), answers one with credentials 200 listing the phone's contacts with
 * {@link #grant} seconds plus a contact of another device, or says nothing at all when
 * {@link #silent}. Keeps every REGISTER it saw, as received, for the test to inspect.
 */
final class HqStandIn implements AutoCloseable {
    static final String OTHER_DEVICE = "sip:7000@192.0.2.9:5060";

    final SipHost host;
    final int port;
    final List<Request> seen = new CopyOnWriteArrayList<>();
    volatile boolean silent;
    volatile int grant = 300;

    HqStandIn() throws Exception {
        port = FreePorts.udpAndTcp();
        host = new SipHost("127.0.0.1", port, 2);
        host.handle(Request.REGISTER, (h, e) -> {
            Request req = e.getRequest();
            seen.add(req);
            if (silent) return;
            var auth = req.getHeader("Authorization");
            if (auth == null || !auth.toString().contains("realm=\"hq\"")) {
                Response r = h.messages().createResponse(Response.UNAUTHORIZED, req);
                r.addHeader(h.headers().createHeader("WWW-Authenticate",
                        "Digest realm=\"hq\", nonce=\"hq-nonce-" + System.nanoTime() + "\", qop=\"auth\", algorithm=MD5"));
                h.respond(e, r);
                return;
            }
            Response ok = h.messages().createResponse(Response.OK, req);
            ListIterator<?> it = req.getHeaders(ContactHeader.NAME);
            boolean unregister = req.getExpires() != null && req.getExpires().getExpires() == 0;
            while (it != null && it.hasNext()) {
                ContactHeader c = (ContactHeader) it.next();
                if (c.isWildCard() || unregister) continue;
                ContactHeader back = h.headers().createContactHeader(c.getAddress());
                back.setExpires(grant);
                ok.addHeader(back);
            }
            ContactHeader other = h.headers().createContactHeader(h.addresses().createAddress(OTHER_DEVICE));
            other.setExpires(3600);
            ok.addHeader(other);
            h.respond(e, ok);
        });
        host.start();
    }

    Request last() { return seen.get(seen.size() - 1); }

    @Override
    public void close() { host.close(); }
}
