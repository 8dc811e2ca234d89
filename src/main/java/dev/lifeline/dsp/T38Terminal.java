package dev.lifeline.dsp;

import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A T.30 fax machine that speaks T.38 directly (spandsp's {@code t38_terminal}): the SIP T.38 fax
 * endpoint of the test rigs, the packet twin of {@link FaxTerminal}. It sends a TIFF-F file's
 * pages or receives into one, and reports the call the same way. It has no audio: {@link #tick}
 * moves its clock (T.30 timers and the pacing of its packets) by the samples of one frame.
 */
public final class T38Terminal implements IfpEndpoint, AutoCloseable {
    private final NativeContext ctx;
    private final byte[] scratch = new byte[MAX_IFP_OUT];

    private T38Terminal(long handle) {
        this.ctx = new NativeContext(this, "T.38 terminal", handle, Native::t38TerminalFree0);
    }

    /** A terminal that sends {@code tiff}; {@code calling} when it places the call. */
    public static T38Terminal sender(Path tiff, boolean calling, T38Options options) {
        Dsp.ensureAvailable();
        return new T38Terminal(Native.t38TerminalNew0(calling, tiff.toString(), null, "LIFELINE T38 TX", options.ecm(),
                options.maxBitRate(), options.version()));
    }

    /** A terminal that receives into {@code tiff}. */
    public static T38Terminal receiver(Path tiff, boolean calling, T38Options options) {
        Dsp.ensureAvailable();
        return new T38Terminal(Native.t38TerminalNew0(calling, null, tiff.toString(), "LIFELINE T38 RX", options.ecm(),
                options.maxBitRate(), options.version()));
    }

    /** Moves the terminal's clock on by {@code samples} at 8 kHz (160 per 20 ms frame; at most one second). */
    public synchronized void tick(int samples) {
        try {
            Native.check(Native.t38TerminalTick0(ctx.handle(), samples), "T.38 terminal tick");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override public synchronized boolean receiveIfp(byte[] ifp, int off, int len, int seq) {
        Objects.checkFromIndexSize(off, len, ifp.length);
        try {
            return Ifp.taken(Native.t38TerminalIfpIn0(ctx.handle(), ifp, off, len, seq), "T.38 terminal IFP in");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override public synchronized IfpPacket pollIfp() {
        try {
            return IfpPacket.unpack(Native.check(Native.t38TerminalIfpOut0(ctx.handle(), scratch), "T.38 terminal IFP out"), scratch);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** How the call ended so far, as {@link FaxTerminal.Status}. */
    public synchronized FaxTerminal.Status status() { return counters().fax(); }

    /** Packets lost for want of queue room (outward) and refused as malformed (inward). */
    public record Packets(int dropped, int refused) {}

    public synchronized Packets packets() {
        Counters c = counters();
        return new Packets(c.dropped, c.refused);
    }

    private record Counters(FaxTerminal.Status fax, int dropped, int refused) {}

    private Counters counters() {
        int[] v = new int[7];
        try {
            Native.check(Native.t38TerminalStatus0(ctx.handle(), v), "T.38 terminal status");
        } finally {
            Reference.reachabilityFence(this);
        }
        return new Counters(new FaxTerminal.Status(v[0] >= 0, v[0], v[1], v[2], v[3], v[4] != 0), v[5], v[6]);
    }

    @Override public synchronized void close() { ctx.close(); }
}
