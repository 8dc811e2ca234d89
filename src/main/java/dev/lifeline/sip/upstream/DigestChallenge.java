package dev.lifeline.sip.upstream;

import dev.lifeline.sip.registrar.DigestCredentials;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate} / {@code Proxy-Authenticate: Digest ...} challenge (RFC 7616 §3.3),
 * as a client needs it to compute an answer.
 *
 * @param algorithm "MD5" when the challenge names none (RFC 2617 default); upper-case
 * @param qops      the offered qop values (lower-case), empty for an RFC 2069 challenge
 * @param opaque    to be echoed back, or null
 */
public record DigestChallenge(String realm, String nonce, String algorithm, List<String> qops, String opaque, boolean stale) {

    /** Parses a header value; empty when it is not a usable Digest challenge. */
    public static Optional<DigestChallenge> parse(String value) {
        if (value == null) return Optional.empty();
        String v = value.strip();
        int colon = v.indexOf(':');
        if (colon > 0 && v.substring(0, colon).strip().toLowerCase(Locale.ROOT).endsWith("authenticate")) {
            v = v.substring(colon + 1).strip();
        }
        if (!v.regionMatches(true, 0, "Digest ", 0, 7)) return Optional.empty();
        Map<String, String> p = DigestCredentials.params(v.substring(7));
        if (p == null || p.get("realm") == null || p.get("nonce") == null) return Optional.empty();
        String qop = p.get("qop");
        List<String> qops = qop == null ? List.of()
                : Arrays.stream(qop.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
        return Optional.of(new DigestChallenge(p.get("realm"), p.get("nonce"),
                p.getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT), qops, p.get("opaque"),
                "true".equalsIgnoreCase(p.get("stale"))));
    }

    public boolean offersAuth() { return qops.contains("auth"); }
}
