package dev.lifeline.mgmt.cwmp;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's credentials at the ACS (TR-069 §3.4.4: basic over TLS, or digest), per session: the
 * first request goes without, a 401 challenge is answered, and the answer is reused for the
 * session's later requests (digest with a counting nc) so each RPC costs one round trip.
 */
final class AcsAuth implements dev.lifeline.mgmt.firmware.HttpAuth {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String user;
    private final String password;
    private Map<String, String> digest;
    private boolean basic;
    private int nc;

    AcsAuth(String user, String password) {
        this.user = user;
        this.password = password;
    }

    boolean hasCredentials() { return user != null; }

    /** Learns from a 401's {@code WWW-Authenticate}; false when it cannot be answered (no credentials, unknown scheme). */
    @Override
    public boolean challenge(String header) {
        if (user == null || header == null) return false;
        String scheme = header.strip().split(" ", 2)[0].toLowerCase(Locale.ROOT);
        if (scheme.equals("digest")) {
            digest = Digest.params(header);
            basic = false;
            nc = 0;
            return digest.containsKey("nonce");
        }
        if (scheme.equals("basic")) {
            basic = true;
            digest = null;
            return true;
        }
        return false;
    }

    /** The Authorization header for the next request to {@code path}, or null before any challenge. */
    @Override
    public String authorization(String method, String path) {
        if (basic) {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + (password == null ? "" : password))
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (digest == null) return null;
        String realm = digest.getOrDefault("realm", "");
        String nonce = digest.get("nonce");
        String algorithm = digest.getOrDefault("algorithm", "MD5");
        String qop = digest.containsKey("qop") ? "auth" : null;
        String ncText = String.format("%08x", ++nc);
        byte[] c = new byte[8];
        RANDOM.nextBytes(c);
        String cnonce = HexFormat.of().formatHex(c);
        String response = Digest.response(algorithm, user, realm, password == null ? "" : password, method, path, nonce,
                ncText, cnonce, qop);
        StringBuilder b = new StringBuilder("Digest username=").append(Digest.quote(user))
                .append(", realm=").append(Digest.quote(realm))
                .append(", nonce=").append(Digest.quote(nonce))
                .append(", uri=").append(Digest.quote(path))
                .append(", algorithm=").append(algorithm)
                .append(", response=").append(Digest.quote(response));
        if (qop != null) b.append(", qop=auth, nc=").append(ncText).append(", cnonce=").append(Digest.quote(cnonce));
        if (digest.containsKey("opaque")) b.append(", opaque=").append(Digest.quote(digest.get("opaque")));
        return b.toString();
    }
}
