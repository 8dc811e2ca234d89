package dev.lifeline.dsp;

import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A T.30 fax machine on audio (spandsp's {@code fax_state_t}): it sends the pages of a TIFF-F
 * file or receives them into one, over 8 kHz linear audio fed and taken 20 ms at a time. The test
 * rigs put one on a virtual phone or CO line; it answers like a real fax machine (CED, V.21 HDLC
 * handshake, V.27ter/V.29/V.17 pages, with or without ECM).
 */
public final class FaxTerminal implements AutoCloseable {
    /** Modems offered: V.27ter (2,400/4,800 bit/s), V.29 (7,200/9,600), V.17 (up to 14,400). */
    public static final int V27TER = 1, V29 = 2, V17 = 4;

    /** How the call ended so far. */
    public record Status(boolean finished, int completionCode, int pagesSent, int pagesReceived, int bitRate, boolean ecm) {
        /** T30_ERR_OK: every page went through and the call ended normally. */
        public boolean ok() { return finished && completionCode == 0; }
    }

    private final NativeContext ctx;

    private FaxTerminal(long handle) {
        this.ctx = new NativeContext(this, "fax terminal", handle, Native::faxFree0);
    }

    /** A machine that sends {@code tiff}; {@code calling} when it places the call (CNG), else it answers (CED). */
    public static FaxTerminal sender(Path tiff, boolean calling, boolean ecm, int modems) {
        Dsp.ensureAvailable();
        return new FaxTerminal(Native.faxNew0(calling, tiff.toString(), null, "LIFELINE TX", ecm, modems));
    }

    /** A machine that receives into {@code tiff}. */
    public static FaxTerminal receiver(Path tiff, boolean calling, boolean ecm, int modems) {
        Dsp.ensureAvailable();
        return new FaxTerminal(Native.faxNew0(calling, null, tiff.toString(), "LIFELINE RX", ecm, modems));
    }

    /** The line's audio, {@code pcm[off..off+len)}. */
    public synchronized void received(short[] pcm, int off, int len) {
        Objects.checkFromIndexSize(off, len, pcm.length);
        try {
            Native.check(Native.faxRx0(ctx.handle(), pcm, off, len), "fax receive");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Fills {@code pcm[off..off+len)} with what the machine sends (silence when it says nothing). */
    public synchronized void transmit(short[] pcm, int off, int len) {
        Objects.checkFromIndexSize(off, len, pcm.length);
        try {
            Native.check(Native.faxTx0(ctx.handle(), pcm, off, len), "fax transmit");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public synchronized Status status() {
        int[] v = new int[5];
        try {
            Native.check(Native.faxStatus0(ctx.handle(), v), "fax status");
        } finally {
            Reference.reachabilityFence(this);
        }
        return new Status(v[0] >= 0, v[0], v[1], v[2], v[3], v[4] != 0);
    }

    @Override public synchronized void close() { ctx.close(); }
}
