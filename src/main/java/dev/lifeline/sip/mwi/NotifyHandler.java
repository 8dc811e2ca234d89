package dev.lifeline.sip.mwi;

import dev.lifeline.sip.RequestHandler;
import dev.lifeline.sip.SipHost;
import dev.lifeline.sip.session.TrustedPeer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;
import javax.sip.RequestEvent;
import javax.sip.address.SipURI;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.EventHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.tinylog.Logger;

/**
 * NOTIFY {@code message-summary} (RFC 3842) for the analog lines, as voicemail servers send it
 * unsolicited (Asterisk, HQ PBXs: no SUBSCRIBE, no dialog): the Request-URI user names the line
 * (its extension or its HQ user). Only HQ's servers ({@link TrustedPeer}) and the box itself
 * (loopback: the controller's tools, tests) may switch a lamp; anyone else on the LAN gets 403,
 * or a neighbour could light every lamp in the branch.
 *
 * <p>An in-dialog NOTIFY of the {@code refer} package (a transferee's progress report) gets 200
 * and is otherwise ignored.
 * <p>Answers: 200 applied; 403 untrusted sender; 489 another event package (with
 * {@code Allow-Events: message-summary}); 415 a body that is not a simple message summary;
 * 400 a malformed one (the reason phrase names the fault, never quotes the body); 404 no such
 * line.
 */
public final class NotifyHandler implements RequestHandler {
    static final String EVENT = "message-summary";
    static final String CONTENT_TYPE = "application/simple-message-summary";

    private final MwiTarget target;
    private final Supplier<TrustedPeer> trusted;

    public NotifyHandler(MwiTarget target, Supplier<TrustedPeer> trusted) {
        this.target = target;
        this.trusted = trusted;
    }

    @Override
    public void onRequest(SipHost host, RequestEvent event) throws Exception {
        Request req = event.getRequest();
        String source = SipHost.source(event);
        if (isReferProgress(req)) {
            // a transferee reporting a REFER's progress (RFC 3515 §2.4.4) in the dialog the REFER
            // was sent in: the gateway does not follow it (the transfer does not depend on it), but
            // an error here could make the phone end the dialog, so it is simply acknowledged
            answer(host, event, Response.OK, null);
            return;
        }
        if (!trusted(req)) {
            Logger.warn("sip: NOTIFY from {} refused (403): not an HQ server or this box", source);
            answer(host, event, Response.FORBIDDEN, null);
            return;
        }
        EventHeader ev = (EventHeader) req.getHeader(EventHeader.NAME);
        if (ev == null || !EVENT.equalsIgnoreCase(ev.getEventType())) {
            Response r = host.messages().createResponse(Response.BAD_EVENT, req);
            r.addHeader(host.headers().createAllowEventsHeader(EVENT));
            host.respond(event, r);
            return;
        }
        ContentTypeHeader ct = (ContentTypeHeader) req.getHeader(ContentTypeHeader.NAME);
        if (ct != null && !(ct.getContentType() + "/" + ct.getContentSubType()).toLowerCase(Locale.ROOT).equals(CONTENT_TYPE)) {
            Response r = host.messages().createResponse(Response.UNSUPPORTED_MEDIA_TYPE, req);
            r.addHeader(host.headers().createAcceptHeader("application", "simple-message-summary"));
            host.respond(event, r);
            return;
        }
        String user = req.getRequestURI() instanceof SipURI u ? u.getUser() : null;
        var line = target.lineFor(user);
        if (line.isEmpty()) {
            Logger.info("sip: NOTIFY message-summary from {} for no line of ours (404)", source);
            answer(host, event, Response.NOT_FOUND, null);
            return;
        }
        MessageSummary summary;
        try {
            byte[] raw = req.getRawContent();
            summary = MessageSummary.parse(raw == null ? null : new String(raw, StandardCharsets.UTF_8));
        } catch (MessageSummary.Malformed e) {
            Logger.info("sip: NOTIFY message-summary from {} for {} refused (400): {}", source, line.get(), e.getMessage());
            answer(host, event, Response.BAD_REQUEST, "Bad Request (" + e.getMessage() + ")");
            return;
        }
        target.apply(line.get(), summary, "SIP NOTIFY from " + source);
        answer(host, event, Response.OK, null);
    }

    /** An in-dialog NOTIFY of the {@code refer} event package (it carries a To tag). */
    private static boolean isReferProgress(Request req) {
        EventHeader ev = (EventHeader) req.getHeader(EventHeader.NAME);
        var to = (javax.sip.header.ToHeader) req.getHeader(javax.sip.header.ToHeader.NAME);
        return ev != null && "refer".equalsIgnoreCase(ev.getEventType()) && to != null && to.getTag() != null;
    }

    private boolean trusted(Request req) {
        if (!(req instanceof gov.nist.javax.sip.message.SIPRequest r) || r.getRemoteAddress() == null) return false;
        InetAddress from = r.getRemoteAddress();
        if (from.isLoopbackAddress()) return true;
        String transport = r.getTopmostVia() == null ? "udp" : r.getTopmostVia().getTransport().toLowerCase(Locale.ROOT);
        return trusted.get().trusted(from.getHostAddress(), r.getRemotePort(), transport);
    }

    private static void answer(SipHost host, RequestEvent event, int status, String reason) throws Exception {
        Response r = host.messages().createResponse(status, event.getRequest());
        if (reason != null) r.setReasonPhrase(reason);
        host.respond(event, r);
    }
}
