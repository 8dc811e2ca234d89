package dev.lifeline.dsp;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Generates DTMF digits (0-9 * # A-D) as 8 kHz linear PCM, over spandsp dtmf_tx. spandsp
 * queues at most 128 digits and accepts a string all-or-nothing, so longer strings wait
 * here and are fed to it as it drains.
 */
public final class DtmfGenerator implements AutoCloseable {
    private static final String VALID = "0123456789*#ABCD";
    private static final int FEED = 32;

    private final NativeContext ctx;
    private final StringBuilder pending = new StringBuilder();
    /** spandsp still has digits or a tone/pause in progress. */
    private boolean nativeBusy;

    /** Default timing: 80 ms tone, 80 ms pause, -10 dBm0 per tone. */
    public DtmfGenerator() { this(80, 80, -10); }

    /** @param onMs 20..10000, @param offMs 20..10000, @param levelDbm0 -60..0 (low tone; no twist) */
    public DtmfGenerator(int onMs, int offMs, int levelDbm0) {
        Dsp.ensureAvailable();
        if (onMs < 20 || onMs > 10000 || offMs < 20 || offMs > 10000)
            throw new IllegalArgumentException("DTMF on/off times must be 20..10000 ms, got " + onMs + "/" + offMs);
        if (levelDbm0 < -60 || levelDbm0 > 0)
            throw new IllegalArgumentException("DTMF level must be -60..0 dBm0, got " + levelDbm0);
        this.ctx = new NativeContext(this, "DTMF generator", Native.dtmfTxNew0(onMs, offMs, levelDbm0), Native::dtmfTxFree0);
    }

    /** Queues digits behind those already queued. @throws IllegalArgumentException for a non-DTMF character */
    public synchronized void queue(String digits) {
        String d = digits.toUpperCase(Locale.ROOT);
        for (int i = 0; i < d.length(); i++) {
            if (VALID.indexOf(d.charAt(i)) < 0)
                throw new IllegalArgumentException("not a DTMF digit: '" + digits.charAt(i) + "' in \"" + digits + "\"");
        }
        ctx.handle(); // fail fast when closed
        pending.append(d);
    }

    /** Writes up to len samples; returns how many were tone/pause, the rest is zero-filled. */
    public synchronized int generate(short[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        try {
            long h = ctx.handle();
            feed(h);
            int n = Native.check(Native.dtmfTxGenerate0(h, buf, off, len), "DTMF generation");
            if (n < len) {
                // spandsp ran dry mid-buffer: top up and continue in the zero-filled tail
                if (feed(h)) {
                    n += Native.check(Native.dtmfTxGenerate0(h, buf, off + n, len - n), "DTMF generation");
                }
                nativeBusy = n == len;
            }
            return n;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** True when no digit is queued and the last digit's pause has been played out. */
    public synchronized boolean isIdle() { return pending.isEmpty() && !nativeBusy; }

    @Override public synchronized void close() { ctx.close(); }

    /** Moves pending digits into spandsp's queue while they fit; true if any moved. */
    private boolean feed(long h) {
        boolean moved = false;
        while (!pending.isEmpty()) {
            int n = Math.min(FEED, pending.length());
            byte[] chunk = pending.substring(0, n).getBytes(StandardCharsets.US_ASCII);
            if (Native.check(Native.dtmfTxPut0(h, chunk, 0, n), "DTMF queue") != 0) break; // full: try next time
            pending.delete(0, n);
            nativeBusy = true;
            moved = true;
        }
        return moved;
    }
}
