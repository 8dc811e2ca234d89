package dev.lifeline.dsp;

/**
 * The JNI entry points of liblifeline-dsp, in one place so the C names stay greppable.
 * Netty style: constructors return a context handle (0 on failure), operations return a
 * count or a negative errno; natives never throw. Only the public wrappers call these, after
 * {@link Dsp#ensureAvailable()}, and they turn failures into exceptions.
 */
final class Native {
    private Native() {}

    /** errno values the natives return (negated). */
    static final int EBADF = 9, ENOMEM = 12, EINVAL = 22, ENOSPC = 28, EPROTO = 71, EMSGSIZE = 90;

    static native int abiVersion0();

    static native long toneNew0(int[] segments, int loopFrom);
    static native int toneGenerate0(long handle, short[] buf, int off, int len);
    static native void toneFree0(long handle);

    static native long dtmfTxNew0(int onMs, int offMs, int levelDbm0);
    static native int dtmfTxPut0(long handle, byte[] digits, int off, int len);
    static native int dtmfTxGenerate0(long handle, short[] buf, int off, int len);
    static native void dtmfTxFree0(long handle);

    static native long dtmfRxNew0();
    static native int dtmfRxProcess0(long handle, short[] pcm, int off, int len, byte[] digitsOut);
    static native void dtmfRxFree0(long handle);

    static native short[] cidGenerate0(int adsiStandard, byte[] fields);
    static native long cidRxNew0(int adsiStandard);
    static native int cidRxProcess0(long handle, short[] pcm, int off, int len);
    static native int cidRxPoll0(long handle, byte[] out);
    static native void cidRxFree0(long handle);

    static native long plcNew0();
    static native int plcRx0(long handle, short[] pcm, int off, int len);
    static native int plcFillin0(long handle, short[] pcm, int off, int len);
    static native void plcFree0(long handle);

    static native long faxNew0(boolean calling, String txFile, String rxFile, String ident, boolean ecm, int modems);
    static native int faxRx0(long handle, short[] pcm, int off, int len);
    static native int faxTx0(long handle, short[] pcm, int off, int len);
    static native int faxStatus0(long handle, int[] out);
    static native void faxFree0(long handle);

    /** IFP packets: in returns 0 taken, -EMSGSIZE too long, -EPROTO malformed; out returns length | repeats << 16, 0 when none waits. */
    static native long t38GatewayNew0(boolean ecm, int maxRate, int version);
    static native int t38GatewayRx0(long handle, short[] pcm, int off, int len);
    static native int t38GatewayTx0(long handle, short[] pcm, int off, int len);
    static native int t38GatewayIfpIn0(long handle, byte[] buf, int off, int len, int seq);
    static native int t38GatewayIfpOut0(long handle, byte[] out);
    static native int t38GatewayStatus0(long handle, int[] out);
    static native void t38GatewayFree0(long handle);

    static native long t38TerminalNew0(boolean calling, String txFile, String rxFile, String ident, boolean ecm, int maxRate, int version);
    static native int t38TerminalTick0(long handle, int samples);
    static native int t38TerminalIfpIn0(long handle, byte[] buf, int off, int len, int seq);
    static native int t38TerminalIfpOut0(long handle, byte[] out);
    static native int t38TerminalStatus0(long handle, int[] out);
    static native void t38TerminalFree0(long handle);

    static native long echoNew0(int taps, int mode);
    static native int echoUpdate0(long handle, short[] tx, int txOff, short[] rx, int rxOff, int len);
    static native int echoMode0(long handle, int mode);
    static native int echoFlush0(long handle);
    static native void echoFree0(long handle);

    static native long modemTonesNew0();
    static native int modemTonesProcess0(long handle, short[] pcm, int off, int len);
    static native void modemTonesFree0(long handle);

    /** libsrtp2 refusals come back as -(SRTP_ERR_BASE + srtp_err_status_t). */
    static final int SRTP_ERR_BASE = 1000;
    static native int srtpInit0();
    static native long srtpNew0(int suite, byte[] keyAndSalt, boolean outbound);
    static native int srtpProtect0(long handle, byte[] buf, int off, int len, boolean rtcp);
    static native int srtpUnprotect0(long handle, byte[] buf, int off, int len, boolean rtcp);
    static native int srtpRoom0();
    static native void srtpFree0(long handle);

    /** Throws for a negative native result, naming the operation; returns rc otherwise. */
    static int check(int rc, String what) {
        if (rc >= 0) return rc;
        String reason = switch (-rc) {
            case EBADF -> "closed or invalid native context";
            case EINVAL -> "invalid argument";
            case ENOSPC -> "buffer too small";
            case ENOMEM -> "out of memory";
            default -> "errno " + (-rc);
        };
        throw new IllegalStateException(what + " failed: " + reason);
    }
}
