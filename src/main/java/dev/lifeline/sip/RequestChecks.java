package dev.lifeline.sip;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Set;
import javax.sip.header.AcceptHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The checks every request passes before a handler sees it (RFC 3261 §8.2, RFC 4475 §3.1.2 and
 * §3.3): each returns the error response the request earns, or null when it may go on. They are
 * the same for the registrar and the B2BUA, so they live here and not in each handler.
 *
 * <ol>
 *   <li>a repeated single-value header (marked by {@link SafeMessageParserFactory}) → 400;</li>
 *   <li>a SIP version other than 2.0 in the request line or top Via → 505;</li>
 *   <li>a Request-URI scheme other than sip, sips or tel → 416 (§8.2.2.1);</li>
 *   <li>a Require naming an extension we do not support → 420 with Unsupported (§8.2.2.3;
 *       never for ACK or CANCEL);</li>
 *   <li>an INVITE body that is not SDP → 415 with Accept (§8.2.3);</li>
 *   <li>an INVITE whose Accept excludes SDP → 406 (we could only answer with SDP).</li>
 * </ol>
 */
public final class RequestChecks {
    /** Option tags a request may Require of us: the registrar supports Path (RFC 3327), sessions Replaces (RFC 3891). */
    private static final Set<String> SUPPORTED = Set.of("path", "replaces");
    private static final Set<String> SCHEMES = Set.of("sip", "sips", "tel");

    private final MessageFactory messages;
    private final HeaderFactory headers;

    public RequestChecks(MessageFactory messages, HeaderFactory headers) {
        this.messages = messages;
        this.headers = headers;
    }

    /** The response {@code req} must get instead of being handled, or null. */
    public Response check(Request req) throws ParseException {
        String method = req.getMethod();
        if (req instanceof gov.nist.javax.sip.message.SIPMessage m
                && m.getApplicationData() == SafeMessageParserFactory.DUPLICATE_HEADERS) {
            return messages.createResponse(Response.BAD_REQUEST, req);
        }
        if (!versionOk(req)) return messages.createResponse(Response.VERSION_NOT_SUPPORTED, req);
        if (method.equals(Request.ACK)) return null; // an ACK is never answered
        String scheme = req.getRequestURI().getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) return messages.createResponse(Response.UNSUPPORTED_URI_SCHEME, req);
        if (!method.equals(Request.CANCEL)) {
            List<String> unsupported = unsupported(req);
            if (!unsupported.isEmpty()) {
                Response r = messages.createResponse(Response.BAD_EXTENSION, req);
                for (String tag : unsupported) r.addHeader(headers.createUnsupportedHeader(tag));
                return r;
            }
        }
        if (method.equals(Request.INVITE)) return inviteBody(req);
        return null;
    }

    private Response inviteBody(Request req) throws ParseException {
        ContentTypeHeader ct = (ContentTypeHeader) req.getHeader(ContentTypeHeader.NAME);
        byte[] body = req.getRawContent();
        if (body != null && body.length > 0 && ct != null && !isSdp(ct.getContentType(), ct.getContentSubType())) {
            Response r = messages.createResponse(Response.UNSUPPORTED_MEDIA_TYPE, req);
            r.addHeader(headers.createAcceptHeader("application", "sdp"));
            return r;
        }
        ListIterator<?> accepts = req.getHeaders(AcceptHeader.NAME);
        if (accepts != null && accepts.hasNext()) {
            boolean sdp = false;
            while (accepts.hasNext()) {
                AcceptHeader a = (AcceptHeader) accepts.next();
                String type = a.getContentType() == null ? "" : a.getContentType().toLowerCase(Locale.ROOT);
                String sub = a.getContentSubType() == null ? "" : a.getContentSubType().toLowerCase(Locale.ROOT);
                if ((type.equals("*") || type.equals("application")) && (sub.equals("*") || sub.equals("sdp"))) sdp = true;
            }
            if (!sdp) return messages.createResponse(Response.NOT_ACCEPTABLE, req);
        }
        return null;
    }

    private static boolean isSdp(String type, String sub) {
        return "application".equalsIgnoreCase(type) && "sdp".equalsIgnoreCase(sub);
    }

    private static boolean versionOk(Request req) {
        if (req instanceof gov.nist.javax.sip.message.SIPRequest r && r.getRequestLine() != null) {
            String v = r.getRequestLine().getSipVersion();
            if (v != null && !v.equalsIgnoreCase("SIP/2.0")) return false;
        }
        ViaHeader via = (ViaHeader) req.getHeader(ViaHeader.NAME);
        if (via instanceof gov.nist.javax.sip.header.Via v && v.getSentProtocol() != null) {
            String pv = v.getSentProtocol().getProtocolVersion();
            return pv == null || pv.equals("2.0");
        }
        return true;
    }

    private static List<String> unsupported(Request req) {
        List<String> out = new ArrayList<>();
        ListIterator<?> it = req.getHeaders("Require");
        while (it != null && it.hasNext()) {
            String v = value((Header) it.next());
            for (String t : v.split(",")) {
                String tag = t.strip();
                if (!tag.isEmpty() && !SUPPORTED.contains(tag.toLowerCase(Locale.ROOT))) out.add(tag);
            }
        }
        return out;
    }

    private static String value(Header h) {
        String s = h.toString();
        int colon = s.indexOf(':');
        return (colon >= 0 ? s.substring(colon + 1) : s).strip();
    }
}
