package dev.lifeline.dsp;

import java.lang.ref.Reference;
import java.util.Objects;

/**
 * A mono Opus decoder (libopus) for one received stream; a stereo stream (opus/48000/2 allows
 * either) is mixed down by libopus. Three ways to get a frame: {@link #decode} a packet,
 * {@link #recover} the frame before a packet from its in-band FEC when that frame's own packet
 * was lost, or {@link #conceal} (Opus's own PLC) when there is nothing to go on.
 */
public final class OpusDecoder implements AutoCloseable {
    private final NativeContext ctx;
    private final int rate;

    /** @param rate output sample rate: 8000, 12000, 16000, 24000 or 48000 */
    public OpusDecoder(int rate) {
        Dsp.ensureAvailable();
        this.rate = rate;
        this.ctx = new NativeContext(this, "Opus decoder", CodecNative.opusDecNew0(rate), CodecNative::opusDecFree0);
    }

    public int rate() { return rate; }

    /** Decodes a packet into {@code out} from {@code outOff}, at most {@code max} samples; returns the samples written. */
    public synchronized int decode(byte[] in, int off, int len, short[] out, int outOff, int max) {
        Objects.checkFromIndexSize(off, len, in.length);
        if (len == 0) throw new IllegalArgumentException("empty Opus packet: use conceal()");
        return run(in, off, len, out, outOff, max, false, "Opus decode");
    }

    /**
     * Rebuilds the {@code frame}-sample frame that came before packet {@code in} from the
     * packet's FEC data (if it has none, libopus conceals instead). Call it before decoding
     * that packet itself, as libopus expects.
     */
    public synchronized int recover(byte[] in, int off, int len, short[] out, int outOff, int frame) {
        Objects.checkFromIndexSize(off, len, in.length);
        return run(in, off, len, out, outOff, frame, true, "Opus FEC decode");
    }

    /** Conceals one lost frame of {@code frame} samples. */
    public synchronized int conceal(short[] out, int outOff, int frame) {
        return run(null, 0, 0, out, outOff, frame, false, "Opus concealment");
    }

    private int run(byte[] in, int off, int len, short[] out, int outOff, int frame, boolean fec, String what) {
        try {
            return CodecNative.check(CodecNative.opusDecode0(ctx.handle(), in, off, len, out, outOff, frame, fec), what);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override public synchronized void close() { ctx.close(); }
}
