package dev.lifeline.dsp;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Detects DTMF digits in 8 kHz linear PCM, over spandsp dtmf_rx in buffered mode (spandsp
 * 0.0.6 stops delivering buffered digits once a realtime callback is set, so there is none).
 * Callers typically feed one 20 ms frame (160 samples) at a time.
 */
public final class DtmfDetector implements AutoCloseable {
    private final NativeContext ctx;
    private final byte[] digits = new byte[128];

    public DtmfDetector() {
        Dsp.ensureAvailable();
        this.ctx = new NativeContext(this, "DTMF detector", Native.dtmfRxNew0(), Native::dtmfRxFree0);
    }

    /** Feeds audio; returns the digits completed within it ("" if none). */
    public synchronized String process(short[] pcm, int off, int len) {
        Objects.checkFromIndexSize(off, len, pcm.length);
        try {
            int n = Native.check(Native.dtmfRxProcess0(ctx.handle(), pcm, off, len, digits), "DTMF detection");
            return n == 0 ? "" : new String(digits, 0, n, StandardCharsets.US_ASCII);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override public synchronized void close() { ctx.close(); }
}
