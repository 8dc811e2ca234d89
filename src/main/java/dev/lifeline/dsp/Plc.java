package dev.lifeline.dsp;

import java.lang.ref.Reference;
import java.util.Objects;

/**
 * Packet loss concealment for one received audio stream, over spandsp's plc (a G.711
 * Appendix I style concealer tuned for 20 ms packets, with no added delay). Every good frame
 * goes through {@link #received} so the concealer knows the recent pitch; a lost frame is
 * replaced by {@link #fillIn}, which repeats the last pitch period and fades to silence within
 * about 50 ms, so a single lost packet is heard as a smooth continuation, not a click or a gap.
 * One instance per stream; not for concurrent use by several threads (calls are synchronized
 * only so that {@link #close} cannot free the context under a running call).
 */
public final class Plc implements AutoCloseable {
    private final NativeContext ctx;

    public Plc() {
        Dsp.ensureAvailable();
        this.ctx = new NativeContext(this, "packet loss concealer", Native.plcNew0(), Native::plcFree0);
    }

    /**
     * Records good audio {@code pcm[off..off+len)}. After a concealed gap it also blends the
     * start of the real audio with the synthetic tail, so the samples may change in place.
     */
    public synchronized void received(short[] pcm, int off, int len) {
        Objects.checkFromIndexSize(off, len, pcm.length);
        try {
            Native.check(Native.plcRx0(ctx.handle(), pcm, off, len), "PLC receive");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Writes {@code len} samples of synthetic audio for a lost packet into {@code pcm[off..)}. */
    public synchronized void fillIn(short[] pcm, int off, int len) {
        Objects.checkFromIndexSize(off, len, pcm.length);
        try {
            Native.check(Native.plcFillin0(ctx.handle(), pcm, off, len), "PLC fill-in");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override public synchronized void close() { ctx.close(); }
}
