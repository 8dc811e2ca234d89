package dev.lifeline.sip.registrar;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of one {@code Authorization: Digest ...} header (RFC 7616 §3.4), parsed from
 * its text so the check does not depend on how the SIP stack models (or re-encodes) them.
 *
 * @param algorithm "MD5" when the header names none (RFC 2617 default)
 * @param nc        nonce count, parsed from its 8 hex digits; -1 if missing or malformed
 */
public record DigestCredentials(String username, String realm, String nonce, String uri, String response,
                                String algorithm, String qop, long nc, String cnonce) {

    /** Parses the header value ({@code Digest username="..", ...}); empty if it is not a usable Digest header. */
    public static Optional<DigestCredentials> parse(String value) {
        if (value == null) return Optional.empty();
        String v = value.strip();
        if (v.regionMatches(true, 0, "Authorization:", 0, 14)) v = v.substring(14).strip();
        else if (v.regionMatches(true, 0, "Proxy-Authorization:", 0, 20)) v = v.substring(20).strip();
        if (!v.regionMatches(true, 0, "Digest ", 0, 7)) return Optional.empty();
        Map<String, String> p = params(v.substring(7));
        if (p == null) return Optional.empty();
        String username = p.get("username");
        String nonce = p.get("nonce");
        String response = p.get("response");
        if (username == null || nonce == null || response == null || p.get("uri") == null) return Optional.empty();
        long nc = -1;
        String ncText = p.get("nc");
        if (ncText != null && ncText.length() == 8) {
            try {
                nc = Long.parseLong(ncText, 16);
            } catch (NumberFormatException e) {
                nc = -1;
            }
        }
        return Optional.of(new DigestCredentials(username, p.get("realm"), nonce, p.get("uri"), response,
                p.getOrDefault("algorithm", "MD5"), p.get("qop"), nc, p.get("cnonce")));
    }

    /** {@code name=value} pairs separated by commas; values may be quoted (with \-escapes). Null if malformed. */
    public static Map<String, String> params(String s) {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) i++;
            if (i >= n) break;
            int eq = s.indexOf('=', i);
            if (eq < 0) return null;
            String name = s.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && Character.isWhitespace(s.charAt(i))) i++;
            StringBuilder val = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        val.append(s.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        val.append(c);
                    }
                }
                if (!closed) return null;
            } else {
                while (i < n && s.charAt(i) != ',') val.append(s.charAt(i++));
            }
            out.putIfAbsent(name, val.toString().strip());
        }
        return out;
    }

    /** Never prints the response hash. */
    @Override
    public String toString() {
        return "DigestCredentials[username=" + username + ", realm=" + realm + ", algorithm=" + algorithm + ", nc=" + nc + "]";
    }
}
