package dev.lifeline.dsp;

import java.lang.ref.Reference;
import java.util.Objects;

/**
 * G.722 at 64 kbit/s (spandsp {@code g722_encode}): 16 kHz audio in, one byte per two samples
 * out, so a 20 ms frame of 320 samples is 160 bytes. Sub-band ADPCM keeps state from frame to
 * frame: one instance per sending stream, never shared.
 */
public final class G722Encoder implements AutoCloseable {
    /** Audio sample rate (the RTP clock is 8000 all the same, RFC 3551 §4.5.2). */
    public static final int SAMPLE_RATE = 16_000;

    private final NativeContext ctx;

    public G722Encoder() {
        Dsp.ensureAvailable();
        this.ctx = new NativeContext(this, "G.722 encoder", CodecNative.g722EncNew0(), CodecNative::g722EncFree0);
    }

    /** Encodes {@code len} (even, ≤ 960) samples of {@code pcm} from {@code off} into {@code out} at {@code outOff}; returns the bytes written. */
    public synchronized int encode(short[] pcm, int off, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(off, len, pcm.length);
        try {
            return CodecNative.check(CodecNative.g722Encode0(ctx.handle(), pcm, off, len, out, outOff), "G.722 encode");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override public synchronized void close() { ctx.close(); }
}
