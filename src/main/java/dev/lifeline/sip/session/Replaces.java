package dev.lifeline.sip.session;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A Replaces value (RFC 3891 §6.1): {@code call-id;to-tag=..;from-tag=..} naming one dialog, as it
 * comes in an INVITE's {@code Replaces} header or (escaped) in a Refer-To URI's {@code ?Replaces=}.
 * The tags are those of the dialog as the <em>recipient</em> sees it: to-tag is the recipient's
 * own (local) tag, from-tag the far end's. The gateway is the recipient of what it hands out in
 * its own REFERs (the transferee's INVITE comes back to it), so it writes its local tag as to-tag.
 */
public record Replaces(String callId, String toTag, String fromTag) {

    /** Parses a header value (unescaped); null when the Call-ID or either tag is missing. */
    public static Replaces parse(String value) {
        if (value == null) return null;
        String[] parts = value.split(";");
        String callId = parts[0].strip(), toTag = null, fromTag = null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            if (eq < 0) continue; // early-only and unknown flags
            String name = p.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT), v = p.substring(eq + 1).strip();
            if (name.equals("to-tag")) toTag = v;
            else if (name.equals("from-tag")) fromTag = v;
        }
        return callId.isEmpty() || toTag == null || fromTag == null ? null : new Replaces(callId, toTag, fromTag);
    }

    /** Parses the value of a Refer-To URI's Replaces header parameter, which is %-escaped. */
    public static Replaces parseEscaped(String escaped) {
        if (escaped == null) return null;
        // URLDecoder also turns '+' into a space; a '+' that was sent literally must stay one
        return parse(URLDecoder.decode(escaped.replace("+", "%2B"), StandardCharsets.UTF_8));
    }

    /** The value naming {@code s} for a recipient that is this gateway: to-tag ours, from-tag the far end's. */
    static Replaces naming(CallSession s) {
        return new Replaces(s.callId(), s.localTag(), s.remoteTag());
    }

    /** Whether {@code s} is the dialog named: same Call-ID, our tag as to-tag, the far end's as from-tag. */
    boolean names(CallSession s) {
        return s.callId().equals(callId) && toTag.equals(s.localTag()) && fromTag.equals(s.remoteTag());
    }

    /** As a header value: {@code call-id;to-tag=..;from-tag=..}. */
    @Override
    public String toString() { return callId + ";to-tag=" + toTag + ";from-tag=" + fromTag; }

    /** Escaped for a URI header parameter (RFC 3261 §25.1 hvalue): everything but unreserved characters as %XX. */
    public String escaped() {
        StringBuilder sb = new StringBuilder();
        for (byte b : toString().getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || "-_.!~*'()".indexOf(c) >= 0) sb.append(c);
            else sb.append('%').append(String.format("%02X", b & 0xff));
        }
        return sb.toString();
    }
}
