package dev.lifeline.sip;

import java.lang.reflect.Field;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;
import org.tinylog.Logger;

/**
 * Tags, Call-IDs and branch ids with cryptographic randomness (RFC 3261 §19.3: tags and
 * Call-IDs must be globally unique and carry at least 32 bits of randomness; an off-path
 * attacker who can guess them can inject BYEs or hijack dialogs).
 *
 * <p>JAIN-SIP makes the branch ids, Call-IDs and tags it generates itself (for transactions,
 * {@code Dialog.createRequest}, {@code SipProvider.getNewCallId}) from one
 * {@code java.util.Random} in {@code gov.nist.javax.sip.Utils} — predictable after a few
 * observed values. {@link #secureStack()} replaces that generator with a {@link SecureRandom}
 * (a SecureRandom is a Random), so those values carry 64 (branch, Call-ID) and 32 (tag) bits of
 * it; our own tags use 64 bits.
 */
public final class SipIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile boolean secured;

    private SipIds() { }

    /** A dialog tag: 64 random bits as 16 hex digits. */
    public static String tag() { return hex(8); }

    /** A Call-ID: 128 random bits, then {@code @host}. */
    public static String callId(String host) { return hex(16) + "@" + host; }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Makes JAIN-SIP's own generator a SecureRandom (idempotent; static in JAIN-SIP, so for the whole JVM). */
    public static void secureStack() {
        if (secured) return;
        synchronized (SipIds.class) {
            if (secured) return;
            try {
                Field f = gov.nist.javax.sip.Utils.class.getDeclaredField("rand");
                f.setAccessible(true);
                f.set(null, new SecureRandom());
                secured = true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                Logger.warn("sip: cannot give JAIN-SIP a SecureRandom for branch ids and tags: {}", e.toString());
            }
        }
    }

    /** The generator JAIN-SIP uses now (for the test). */
    static Random stackRandom() throws ReflectiveOperationException {
        Field f = gov.nist.javax.sip.Utils.class.getDeclaredField("rand");
        f.setAccessible(true);
        return (Random) f.get(null);
    }
}
