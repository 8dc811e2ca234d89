package dev.lifeline.sip.registrar;

import dev.lifeline.sip.SipHost;
import dev.lifeline.util.Clock;
import gov.nist.javax.sip.message.SIPRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import javax.sip.RequestEvent;
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

/**
 * Turns HQ's 2xx to a forwarded REGISTER into shadow bindings ({@link Binding#HQ}): for each
 * contact of the phone's request, the contact HQ lists in its 200 OK with the expiry HQ granted;
 * a contact HQ no longer lists (Expires 0, or dropped) is removed, and {@code Contact: *} removes
 * the AOR's bindings. HQ's 200 may list contacts the AOR has elsewhere (other devices registered at
 * HQ directly); only the phone's own are kept, since only those are reachable from the branch.
 */
final class ShadowBindings {
    private ShadowBindings() {}

    /** Applies HQ's answer {@code ok} to the REGISTER of {@code event}; the future completes when committed. */
    static CompletableFuture<List<Binding>> apply(LocationStore store, RequestEvent event, Response ok, Clock clock) {
        Request req = event.getRequest();
        ToHeader to = (ToHeader) req.getHeader(ToHeader.NAME);
        String aor = ((SipURI) to.getAddress().getURI()).getUser();
        List<ContactHeader> asked = contacts(req.getHeaders(ContactHeader.NAME));
        if (asked.isEmpty()) return CompletableFuture.completedFuture(store.lookup(aor)); // a query
        if (asked.stream().anyMatch(ContactHeader::isWildCard)) return store.removeAll(aor);
        List<ContactHeader> granted = contacts(ok.getHeaders(ContactHeader.NAME));
        ExpiresHeader okExpires = ok.getExpires();
        String callId = ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId();
        long cseq = ((CSeqHeader) req.getHeader(CSeqHeader.NAME)).getSeqNumber();
        ViaHeader via = (ViaHeader) req.getHeader(ViaHeader.NAME);
        String transport = via == null ? "udp" : via.getTransport().toLowerCase(Locale.ROOT);
        Header ua = req.getHeader("User-Agent");
        String userAgent = ua == null ? null : Registrar.value(ua);
        String received = received(event);
        long now = clock.now().toEpochMilli();
        List<Binding> keep = new ArrayList<>();
        List<String> drop = new ArrayList<>();
        for (ContactHeader mine : asked) {
            URI uri = mine.getAddress().getURI();
            String instance = mine.getParameter("+sip.instance");
            String key = instance != null ? instance : uri.toString();
            int expires = grantedExpires(uri, granted, okExpires);
            if (expires <= 0) {
                drop.add(key);
                continue;
            }
            float qv = mine.getQValue();
            double q = qv < 0 || qv > 1 ? 1.0 : qv;
            keep.add(new Binding(aor, uri.toString(), q, now + expires * 1000L, callId, cseq, received, transport,
                    List.of(), userAgent, instance, Binding.HQ));
        }
        return store.update(aor, current -> {
            List<Binding> next = new ArrayList<>(current);
            next.removeIf(b -> drop.contains(b.key()) || keep.stream().anyMatch(k -> k.key().equals(b.key())));
            next.addAll(keep);
            return next;
        });
    }

    /** Seconds HQ granted {@code uri}: its Contact's expires, else the response's Expires; 0 when HQ does not list it. */
    private static int grantedExpires(URI uri, List<ContactHeader> granted, ExpiresHeader okExpires) {
        for (ContactHeader g : granted) {
            if (g.isWildCard() || !same(uri, g.getAddress().getURI())) continue;
            if (g.getExpires() >= 0) return g.getExpires();
            return okExpires == null ? 0 : okExpires.getExpires();
        }
        return 0;
    }

    /** RFC 3261 §19.1.4 comparison, with the plain string as a fallback for non-SIP URIs. */
    static boolean same(URI a, URI b) {
        return a.equals(b) || a.toString().equalsIgnoreCase(b.toString());
    }

    private static List<ContactHeader> contacts(ListIterator<?> it) {
        List<ContactHeader> out = new ArrayList<>();
        while (it != null && it.hasNext()) out.add((ContactHeader) it.next());
        return out;
    }

    private static String received(RequestEvent event) {
        if (event.getRequest() instanceof SIPRequest r && r.getRemoteAddress() != null) {
            return r.getRemoteAddress().getHostAddress() + ":" + r.getRemotePort();
        }
        return SipHost.source(event);
    }
}
