package dev.lifeline.sip.registrar;

import dev.lifeline.util.Clock;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Self-validating digest nonces: {@code base64url(time ‖ random ‖ HMAC-SHA256(secret, time ‖ random)[0..16])}
 * with a secret drawn at boot. A nonce proves by itself that this gateway issued it and when,
 * so issuing one costs no memory; only nonces actually used are remembered (their highest nc,
 * to refuse replays), and only until they expire — after that the HMAC'd timestamp alone makes
 * them stale. The table is therefore bounded by (authenticated requests per second × lifetime).
 *
 * <p>Time is the monotonic {@link Clock#millis()}: nonces do not survive a reboot anyway
 * (new secret), and a wall-clock jump must not make every nonce stale or eternal.
 */
final class Nonces {
    enum Check { FRESH, STALE, FORGED, REPLAY }

    private record Seen(long issuedAt, long nc) { }

    private final Clock clock;
    private final long ttlMs;
    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private volatile long lastPurge;

    Nonces(Clock clock, long ttlMs) {
        this.clock = clock;
        this.ttlMs = ttlMs;
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    String mint() {
        byte[] body = new byte[16];
        ByteBuffer.wrap(body).putLong(clock.millis());
        byte[] r = new byte[8];
        random.nextBytes(r);
        System.arraycopy(r, 0, body, 8, 8);
        byte[] out = new byte[32];
        System.arraycopy(body, 0, out, 0, 16);
        System.arraycopy(mac(body), 0, out, 16, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /** Decodes and authenticates {@code nonce}; returns its issue time, or -1 if this gateway did not issue it. */
    private long issuedAt(String nonce) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        if (raw.length != 32) return -1;
        byte[] body = new byte[16];
        byte[] tag = new byte[16];
        System.arraycopy(raw, 0, body, 0, 16);
        System.arraycopy(raw, 16, tag, 0, 16);
        byte[] expect = new byte[16];
        System.arraycopy(mac(body), 0, expect, 0, 16);
        if (!MessageDigest.isEqual(expect, tag)) return -1;
        return ByteBuffer.wrap(body).getLong();
    }

    /**
     * Checks a nonce and, when it is fresh, records {@code nc} as used. Call only after the
     * digest itself was verified, so a wrong guess cannot burn a legitimate client's nc.
     */
    Check use(String nonce, long nc) {
        long issued = issuedAt(nonce);
        if (issued < 0) return Check.FORGED;
        long now = clock.millis();
        if (now - issued > ttlMs || now < issued) return Check.STALE;
        purge(now);
        if (nc <= 0) return Check.REPLAY;
        boolean[] fresh = {false};
        seen.compute(nonce, (k, s) -> {
            if (s == null || nc > s.nc()) {
                fresh[0] = true;
                return new Seen(issued, nc);
            }
            return s;
        });
        return fresh[0] ? Check.FRESH : Check.REPLAY;
    }

    /** Whether {@code nonce} was issued by this gateway (at any time). */
    boolean authentic(String nonce) { return issuedAt(nonce) >= 0; }

    int tracked() { return seen.size(); }

    private void purge(long now) {
        if (now - lastPurge < Math.min(ttlMs, 5_000) && seen.size() < 10_000) return;
        lastPurge = now;
        seen.values().removeIf(s -> now - s.issuedAt() > ttlMs);
    }

    private byte[] mac(byte[] body) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
