package dev.lifeline.dsp;

import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One direction of SRTP and SRTCP (RFC 3711; AES-GCM per RFC 7714) for a call leg, over
 * libsrtp2 in liblifeline-dsp: a maintained implementation, not a cipher loop of our own.
 * {@link #outbound} protects whatever SSRC we send with; {@link #inbound} unprotects whatever
 * SSRC the peer sends with (libsrtp's {@code ssrc_any_*}), with replay protection (a window of
 * 128 packets). Packets are worked on in place: a buffer given to {@code protect*} must have
 * {@link #MAX_OVERHEAD} bytes of room after the packet.
 *
 * <p>Unprotecting never throws for what arrives from the network: an authentication failure,
 * a replay or a packet too short for the suite is returned as a negative {@link #AUTH_FAILED},
 * {@link #REPLAYED} or {@link #REJECTED}, for the caller to count and drop. The master key is
 * copied into libsrtp and this object keeps no copy; {@link #toString} shows only the suite.
 *
 * <p>Calls are synchronized so {@link #close} cannot free the context under a running call
 * (RTP is protected on the engine thread, RTCP on the receive thread).
 */
public final class Srtp implements AutoCloseable {
    /** Returned by unprotect: the authentication tag did not match (tampered, wrong key, or not SRTP). */
    public static final int AUTH_FAILED = -1;
    /** Returned by unprotect: a packet index already seen or older than the replay window. */
    public static final int REPLAYED = -2;
    /** Returned by unprotect: anything else libsrtp refused (too short, unknown stream, closed). */
    public static final int REJECTED = -3;

    /** Bytes a protected packet may grow by; leave this much room after it. */
    public static final int MAX_OVERHEAD = 148;

    /** The SDES crypto suites we support (RFC 4568 §6.2, RFC 7714 §14.2), names as in a=crypto. */
    public enum Suite {
        AES_CM_128_HMAC_SHA1_80(30, 10),
        AES_CM_128_HMAC_SHA1_32(30, 4),
        AEAD_AES_128_GCM(28, 16);

        private final int keyLength;
        private final int tagLength;

        Suite(int keyLength, int tagLength) {
            this.keyLength = keyLength;
            this.tagLength = tagLength;
        }

        /** Master key plus master salt, in bytes (the length of the SDES inline key). */
        public int keyLength() { return keyLength; }

        /** Authentication tag bytes on each SRTP packet. */
        public int tagLength() { return tagLength; }

        /** The suite named in an a=crypto line, if we support it. */
        public static Optional<Suite> bySdpName(String name) {
            for (Suite s : values()) if (s.name().equals(name)) return Optional.of(s);
            return Optional.empty();
        }
    }

    private final Suite suite;
    private final NativeContext ctx;
    private long authFailures, replays, rejected;

    private Srtp(Suite suite, byte[] keyAndSalt, boolean outbound) {
        Dsp.ensureAvailable();
        this.suite = Objects.requireNonNull(suite, "suite");
        if (keyAndSalt.length != suite.keyLength())
            throw new IllegalArgumentException(suite + " needs " + suite.keyLength() + " bytes of key and salt, got " + keyAndSalt.length);
        int init = Native.srtpInit0();
        if (init < 0) throw new IllegalStateException("libsrtp2 initialisation failed (status " + (-init - Native.SRTP_ERR_BASE) + ")");
        this.ctx = new NativeContext(this, "SRTP " + suite + " context", Native.srtpNew0(suite.ordinal(), keyAndSalt, outbound),
                Native::srtpFree0);
    }

    /** For what we send. */
    public static Srtp outbound(Suite suite, byte[] keyAndSalt) { return new Srtp(suite, keyAndSalt, true); }

    /** For what we receive. */
    public static Srtp inbound(Suite suite, byte[] keyAndSalt) { return new Srtp(suite, keyAndSalt, false); }

    /** True when the native library is loaded and libsrtp2 has {@code suite} built in (GCM needs a crypto backend). */
    public static boolean isSupported(Suite suite) {
        if (!Dsp.isAvailable()) return false;
        return Support.SUPPORTED[suite.ordinal()];
    }

    /** Probed once: libsrtp2 without OpenSSL/NSS has no GCM, and srtp_create then fails. */
    private static final class Support {
        static final boolean[] SUPPORTED = new boolean[Suite.values().length];

        static {
            for (Suite s : Suite.values()) {
                try (Srtp probe = outbound(s, new byte[s.keyLength()])) {
                    SUPPORTED[s.ordinal()] = true;
                } catch (RuntimeException e) {
                    SUPPORTED[s.ordinal()] = false;
                }
            }
        }
    }

    public Suite suite() { return suite; }

    /** Protects an RTP packet {@code buf[0..len)} in place; returns the SRTP length. */
    public synchronized int protectRtp(byte[] buf, int len) { return protect(buf, len, false); }

    /** Protects a compound RTCP packet in place; returns the SRTCP length. */
    public synchronized int protectRtcp(byte[] buf, int len) { return protect(buf, len, true); }

    /** Unprotects SRTP in place; returns the RTP length, or {@link #AUTH_FAILED}, {@link #REPLAYED}, {@link #REJECTED}. */
    public synchronized int unprotectRtp(byte[] buf, int len) { return unprotect(buf, len, false); }

    /** Unprotects SRTCP in place; as {@link #unprotectRtp}. */
    public synchronized int unprotectRtcp(byte[] buf, int len) { return unprotect(buf, len, true); }

    private int protect(byte[] buf, int len, boolean rtcp) {
        Objects.checkFromIndexSize(0, len, buf.length);
        try {
            int rc = Native.srtpProtect0(ctx.handle(), buf, 0, len, rtcp);
            if (rc < -Native.SRTP_ERR_BASE)
                throw new IllegalStateException("SRTP protect failed (libsrtp2 status " + (-rc - Native.SRTP_ERR_BASE) + ")");
            return Native.check(rc, "SRTP protect");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private int unprotect(byte[] buf, int len, boolean rtcp) {
        if (ctx.isClosed() || len < 0 || len > buf.length) { rejected++; return REJECTED; }
        try {
            int rc = Native.srtpUnprotect0(ctx.handle(), buf, 0, len, rtcp);
            if (rc >= 0) return rc;
            switch (-rc - Native.SRTP_ERR_BASE) {
                case 7 -> { authFailures++; return AUTH_FAILED; }        // srtp_err_status_auth_fail
                case 9, 10 -> { replays++; return REPLAYED; }           // replay_fail, replay_old
                default -> { rejected++; return REJECTED; }
            }
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Packets refused because the tag did not match. */
    public synchronized long authFailures() { return authFailures; }

    /** Packets refused as replays. */
    public synchronized long replays() { return replays; }

    /** Packets refused otherwise (too short, closed). */
    public synchronized long rejected() { return rejected; }

    @Override public synchronized void close() { ctx.close(); }

    /** The suite only: never the key. */
    @Override public String toString() { return "Srtp[" + suite + (ctx.isClosed() ? ", closed" : "") + "]"; }

    /** Zeroes a key array once it has been handed to the native side (best effort hygiene). */
    public static void wipe(byte[] key) { if (key != null) Arrays.fill(key, (byte) 0); }
}
