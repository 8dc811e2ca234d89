package dev.lifeline.media.rtp;

import dev.lifeline.dsp.OpusDecoder;
import dev.lifeline.media.audio.Resampler;
import java.util.Arrays;

/**
 * Opus → 16 kHz → 8 kHz. A packet longer than 20 ms is cut to its first 20 ms (the jitter
 * buffer holds one 20 ms frame per packet; see docs/media.md, Limits). {@link #recoverPrevious}
 * uses the packet's in-band FEC to rebuild a lost frame.
 */
final class OpusFrameDecoder implements FrameDecoder {
    static final int RATE = OpusFrameEncoder.RATE;
    private static final int FRAME = RATE / 50;

    private final OpusDecoder decoder = new OpusDecoder(RATE);
    private final Resampler down = new Resampler(RATE, 8000);
    private final short[] wide = new short[RATE * 120 / 1000];
    private final short[] narrow = new short[FRAME];

    @Override public void decode(byte[] payload, int off, int len, short[] frame) {
        int n = decoder.decode(payload, off, len, wide, 0, wide.length);
        narrowInto(Math.min(n, FRAME), frame);
    }

    @Override public boolean recoverPrevious(byte[] payload, int off, int len, short[] frame) {
        int n = decoder.recover(payload, off, len, wide, 0, FRAME);
        narrowInto(n, frame);
        return true;
    }

    private void narrowInto(int n, short[] frame) {
        if (n < FRAME) Arrays.fill(wide, n, FRAME, (short) 0);
        int m = down.process(wide, 0, FRAME, narrow, 0);
        System.arraycopy(narrow, 0, frame, 0, Math.min(m, frame.length));
    }

    @Override public void close() { decoder.close(); }
}
