package dev.lifeline.dsp;

import java.lang.ref.Reference;
import java.util.Objects;

/**
 * G.722 at 64 kbit/s (spandsp {@code g722_decode}): each payload byte gives two 16 kHz samples.
 * One instance per received stream (the ADPCM predictors carry over between packets).
 */
public final class G722Decoder implements AutoCloseable {
    private final NativeContext ctx;

    public G722Decoder() {
        Dsp.ensureAvailable();
        this.ctx = new NativeContext(this, "G.722 decoder", CodecNative.g722DecNew0(), CodecNative::g722DecFree0);
    }

    /** Decodes {@code len} (≤ 480) bytes into {@code out} from {@code outOff}; returns the samples written (2·len). */
    public synchronized int decode(byte[] in, int off, int len, short[] out, int outOff) {
        Objects.checkFromIndexSize(off, len, in.length);
        try {
            return CodecNative.check(CodecNative.g722Decode0(ctx.handle(), in, off, len, out, outOff), "G.722 decode");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override public synchronized void close() { ctx.close(); }
}
