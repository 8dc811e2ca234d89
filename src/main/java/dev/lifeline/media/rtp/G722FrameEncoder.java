package dev.lifeline.media.rtp;

import dev.lifeline.dsp.G722Encoder;
import dev.lifeline.media.audio.Resampler;

/** 8 kHz → 16 kHz (filtered) → G.722: 160 bytes per 20 ms. */
final class G722FrameEncoder implements FrameEncoder {
    private final Resampler up = new Resampler(8000, G722Encoder.SAMPLE_RATE);
    private final short[] wide = new short[320];
    private final G722Encoder encoder = new G722Encoder();

    @Override public int encode(short[] frame, byte[] out, int off) {
        int n = up.process(frame, 0, frame.length, wide, 0);
        return encoder.encode(wide, 0, n, out, off);
    }

    @Override public void close() { encoder.close(); }
}
