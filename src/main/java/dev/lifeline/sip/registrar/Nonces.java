package dev.lifeline.sip.registrar;

import dev.lifeline.util.Clock;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Self-validating digest nonces: {@code base64url(time ‖ random ‖ HMAC-SHA256(secret, time ‖ random)[0..16])}
 * with a secret drawn at boot. A nonce proves by itself that this gateway issued it and when,
 * so issuing one costs no memory; only nonces actually used are remembered (their highest nc,
 * to refuse replays), and only until they expire — after that the HMAC'd timestamp alone makes
 * them stale. The table is also bounded outright ({@link #MAX_TRACKED}): a REGISTER storm with
 * fresh nonces would otherwise grow it by rate × lifetime. When the oldest used nonce has to be
 * forgotten, every nonce issued no later than it becomes stale (the {@code floor}): its client is
 * challenged again, and no forgotten nonce can be replayed. Entries are kept in order of first
 * use, so expired ones are purged from the head in time proportional to what is purged.
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
    static final int MAX_TRACKED = 16_384;

    /** Used nonces in order of first use; guarded by {@code this}. */
    private final java.util.LinkedHashMap<String, Seen> seen = new java.util.LinkedHashMap<>();
    private long floor = Long.MIN_VALUE;

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
        if (nc <= 0) return Check.REPLAY;
        synchronized (this) {
            purge(now);
            Seen s = seen.get(nonce);
            if (s == null) {
                if (issued <= floor) return Check.STALE; // maybe used and forgotten: challenge again
                seen.put(nonce, new Seen(issued, nc));
                if (seen.size() > MAX_TRACKED) forgetOldest();
                return Check.FRESH;
            }
            if (nc <= s.nc()) return Check.REPLAY;
            seen.put(nonce, new Seen(issued, nc)); // an existing key keeps its place in the order
            return Check.FRESH;
        }
    }

    private void forgetOldest() {
        var it = seen.values().iterator();
        Seen oldest = it.next();
        it.remove();
        floor = Math.max(floor, oldest.issuedAt());
    }

    /** Whether {@code nonce} was issued by this gateway (at any time). */
    boolean authentic(String nonce) { return issuedAt(nonce) >= 0; }

    synchronized int tracked() { return seen.size(); }

    /** Drops expired nonces from the head (first used first; a later-used one may expire earlier and waits its turn). */
    private void purge(long now) {
        var it = seen.values().iterator();
        while (it.hasNext()) {
            Seen s = it.next();
            if (now - s.issuedAt() <= ttlMs) return;
            it.remove();
        }
    }

    /** One initialised Mac per SIP worker thread: looking one up per nonce costs more than the HMAC. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private byte[] mac(byte[] body) { return macs.get().doFinal(body); }
}
