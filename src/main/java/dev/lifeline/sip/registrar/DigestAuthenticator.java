package dev.lifeline.sip.registrar;

import dev.lifeline.config.SipUser;
import dev.lifeline.util.Clock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * HTTP digest authentication for SIP (RFC 3261 §22, RFC 7616) with {@code qop=auth} and the
 * algorithms SHA-256 and MD5; the gateway stores only HA1 hashes ({@link SipUser}).
 *
 * <ul>
 *   <li>The challenge carries two {@code WWW-Authenticate} headers, SHA-256 first (RFC 7616 §3.7:
 *       the server lists them in order of preference; old phones take the MD5 one).</li>
 *   <li>Nonces expire ({@code nonceTtlMs}); a correct answer to an expired nonce gets a new
 *       challenge with {@code stale=true}, so the phone retries without asking its user.</li>
 *   <li>Each nonce's nonce-count must grow: a repeated or lower nc is refused (replay).</li>
 *   <li>An unknown user is checked against a random dummy HA1, so "no such user" and "wrong
 *       password" take the same code path, the same time and give the same answer:
 *       extensions cannot be enumerated.</li>
 * </ul>
 */
public final class DigestAuthenticator {
    /** The result of checking one request's credentials. */
    public enum Outcome {
        /** Authenticated. */
        OK,
        /** The digest is right but the nonce expired or predates this boot: challenge again with stale=true. */
        STALE,
        /** The nonce-count was already used: a replayed request (challenge again, stale=true). */
        REPLAY,
        /** Wrong password, unknown user, wrong username/realm/uri, unsupported algorithm: a real failure. */
        FAILED
    }

    public static final long DEFAULT_NONCE_TTL_MS = 30_000;
    /** Preferred first (RFC 7616 §3.7). */
    public static final List<String> DEFAULT_ALGORITHMS = List.of("SHA-256", "MD5");

    private final Nonces nonces;
    private final List<String> algorithms;
    private final String dummyMd5;
    private final String dummySha256;

    public DigestAuthenticator(Clock clock) { this(clock, DEFAULT_NONCE_TTL_MS); }

    public DigestAuthenticator(Clock clock, long nonceTtlMs) { this(clock, nonceTtlMs, DEFAULT_ALGORITHMS); }

    /**
     * @param algorithms the algorithms offered, in the order of the challenge headers ("SHA-256",
     *                   "MD5"); others are refused. Some clients read only the first challenge
     *                   (SIPp 3.6 does, and knows only MD5): for them, offer MD5 first or alone.
     */
    public DigestAuthenticator(Clock clock, long nonceTtlMs, List<String> algorithms) {
        for (String a : algorithms) {
            if (!a.equals("SHA-256") && !a.equals("MD5")) throw new IllegalArgumentException("unsupported digest algorithm " + a);
        }
        if (algorithms.isEmpty()) throw new IllegalArgumentException("no digest algorithm offered");
        this.algorithms = List.copyOf(algorithms);
        this.nonces = new Nonces(clock, nonceTtlMs);
        byte[] r = new byte[32];
        new SecureRandom().nextBytes(r);
        this.dummySha256 = HexFormat.of().formatHex(r);
        this.dummyMd5 = dummySha256.substring(0, 32);
    }

    /** The WWW-Authenticate header values of a new challenge (one per offered algorithm, same fresh nonce). */
    public List<String> challenge(String realm, boolean stale) {
        String nonce = nonces.mint();
        String common = "Digest realm=\"" + quote(realm) + "\", nonce=\"" + nonce + "\", qop=\"auth\"";
        String s = stale ? ", stale=true" : "";
        return algorithms.stream().map(a -> common + ", algorithm=" + a + s).toList();
    }

    /**
     * Checks {@code c} for a request {@code method} in {@code realm} against {@code user} (null if no
     * user has the AOR: then a dummy HA1 is used so the answer and its timing match a wrong password).
     *
     * @param uriMatches whether the digest-uri names the request's Request-URI
     */
    public Outcome verify(DigestCredentials c, String method, String realm, SipUser user, Predicate<String> uriMatches) {
        String alg = c.algorithm() == null ? "MD5" : c.algorithm().toUpperCase(Locale.ROOT);
        boolean sha = alg.equals("SHA-256");
        boolean algOk = algorithms.contains(alg);
        String ha1 = user == null ? null : sha ? user.ha1Sha256() : user.ha1Md5();
        boolean genuineUser = user != null && ha1 != null && user.authUser().equals(c.username());
        if (!genuineUser) ha1 = sha ? dummySha256 : dummyMd5;
        boolean shapeOk = algOk && "auth".equalsIgnoreCase(c.qop()) && c.cnonce() != null && c.nc() > 0
                && realm.equals(c.realm()) && uriMatches.test(c.uri());
        String h = sha ? "SHA-256" : "MD5";
        String ha2 = hash(h, method + ":" + c.uri());
        String expected = hash(h, ha1 + ":" + c.nonce() + ":" + hex8(c.nc()) + ":" + c.cnonce() + ":" + "auth" + ":" + ha2);
        boolean digestOk = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                c.response().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (!(genuineUser && shapeOk && digestOk)) return Outcome.FAILED;
        return switch (nonces.use(c.nonce(), c.nc())) {
            case FRESH -> Outcome.OK;
            case STALE, FORGED -> Outcome.STALE;
            case REPLAY -> Outcome.REPLAY;
        };
    }

    /** Nonces currently remembered for nc tracking (bounded by their lifetime). */
    int trackedNonces() { return nonces.tracked(); }

    /** nc as the 8 hex digits it is sent as (HexFormat, not String.format: this runs per REGISTER). */
    static String hex8(long nc) { return HexFormat.of().toHexDigits((int) nc); }

    static String hash(String alg, String s) { return dev.lifeline.config.Ha1.hex(alg, s); }

    private static String quote(String s) { return s.replace("\\", "\\\\").replace("\"", "\\\""); }
}
