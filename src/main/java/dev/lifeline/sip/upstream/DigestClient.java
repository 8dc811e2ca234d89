package dev.lifeline.sip.upstream;

import dev.lifeline.sip.session.ChallengeResponder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The client side of HTTP digest for SIP (RFC 2617, RFC 7616): answers HQ's challenges to the
 * gateway's REGISTERs and INVITEs, with MD5 or SHA-256 and {@code qop=auth} (cnonce, nonce count)
 * or the RFC 2069 form when the server offers no qop.
 *
 * <p>One client per registration or call: it remembers the challenge it answered, so it can
 * answer again preemptively (next nonce count) on a refresh, and so that a fresh challenge to
 * credentials it already sent — the server did not like them — is not answered a second time
 * (a stale nonce is). Thread-safe.
 */
public final class DigestClient implements ChallengeResponder {
    private static final int MAX_STALE_RETRIES = 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DigestSecret secret;
    private final Supplier<String> cnonces;
    private DigestChallenge last;
    private long nc;
    private int staleRetries;
    /** We answered a challenge and have not heard of success since: a fresh challenge means "wrong credentials". */
    private boolean answered;

    public DigestClient(DigestSecret secret) { this(secret, DigestClient::randomCnonce); }

    /** With a chosen cnonce source (tests against published vectors). */
    public DigestClient(DigestSecret secret, Supplier<String> cnonces) {
        this.secret = secret;
        this.cnonces = cnonces;
    }

    public String username() { return secret.username(); }

    @Override
    public synchronized Optional<String> respond(List<String> challenges, String method, String digestUri) {
        DigestChallenge chosen = null;
        for (String value : challenges) {
            DigestChallenge c = DigestChallenge.parse(value).orElse(null);
            if (c == null || secret.ha1(c.algorithm(), c.realm()).isEmpty()) continue;
            if (!c.qops().isEmpty() && !c.offersAuth()) continue; // auth-int only: we do not sign bodies
            if (chosen == null || (c.algorithm().equals("SHA-256") && !chosen.algorithm().equals("SHA-256"))) chosen = c;
        }
        if (chosen == null) return Optional.empty();
        if (answered && !chosen.stale() && last.realm().equals(chosen.realm())) {
            return Optional.empty(); // we answered this realm and were challenged afresh: wrong credentials
        }
        if (chosen.stale() && ++staleRetries > MAX_STALE_RETRIES) return Optional.empty();
        answered = true;
        last = chosen;
        nc = 0;
        return Optional.of(authorization(chosen, method, digestUri));
    }

    /**
     * Credentials for the next request on the challenge answered last (next nonce count), so a
     * registration refresh need not be challenged again; empty before any challenge.
     */
    public synchronized Optional<String> preemptive(String method, String digestUri) {
        if (last == null) return Optional.empty();
        return Optional.of(authorization(last, method, digestUri));
    }

    /** The request was accepted: a later challenge (nonce expired at the server) is answered as a first one. */
    public synchronized void accepted() {
        answered = false;
        staleRetries = 0;
    }

    /** A new registration cycle (another server, after a failure): start from no challenge. */
    public synchronized void reset() {
        last = null;
        nc = 0;
        staleRetries = 0;
        answered = false;
    }

    private String authorization(DigestChallenge c, String method, String uri) {
        String alg = c.algorithm();
        String ha1 = secret.ha1(alg, c.realm()).orElseThrow();
        String ha2 = hash(alg, method + ":" + uri);
        StringBuilder h = new StringBuilder("Digest username=\"").append(quote(secret.username()))
                .append("\", realm=\"").append(quote(c.realm()))
                .append("\", nonce=\"").append(quote(c.nonce()))
                .append("\", uri=\"").append(quote(uri)).append('"');
        String response;
        if (c.offersAuth()) {
            String ncText = String.format("%08x", ++nc);
            String cnonce = cnonces.get();
            response = hash(alg, ha1 + ":" + c.nonce() + ":" + ncText + ":" + cnonce + ":auth:" + ha2);
            h.append(", response=\"").append(response).append("\", algorithm=").append(alg)
                    .append(", cnonce=\"").append(quote(cnonce)).append("\", qop=auth, nc=").append(ncText);
        } else {
            response = hash(alg, ha1 + ":" + c.nonce() + ":" + ha2);
            h.append(", response=\"").append(response).append("\", algorithm=").append(alg);
        }
        if (c.opaque() != null) h.append(", opaque=\"").append(quote(c.opaque())).append('"');
        return h.toString();
    }

    static String hash(String alg, String s) { return dev.lifeline.config.Ha1.hex(alg, s); }

    private static String quote(String s) { return s.replace("\\", "\\\\").replace("\"", "\\\""); }

    private static String randomCnonce() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() { return "DigestClient[" + secret.username() + "]"; }
}
