package dev.lifeline.media.rtp;

import dev.lifeline.dsp.G722Decoder;
import dev.lifeline.media.audio.Resampler;
import java.util.Arrays;

/** G.722 → 16 kHz → 8 kHz through the low-pass (so 4..7 kHz from a wideband phone does not fold into the line's band). */
final class G722FrameDecoder implements FrameDecoder {
    private final G722Decoder decoder = new G722Decoder();
    private final Resampler down = new Resampler(16000, 8000);
    private final short[] wide = new short[960];
    private final short[] narrow = new short[480];

    @Override public void decode(byte[] payload, int off, int len, short[] frame) {
        int n = decoder.decode(payload, off, Math.min(len, wide.length / 2), wide, 0);
        int m = down.process(wide, 0, n & ~1, narrow, 0);
        int k = Math.min(m, frame.length);
        System.arraycopy(narrow, 0, frame, 0, k);
        Arrays.fill(frame, k, frame.length, (short) 0);
    }

    @Override public void close() { decoder.close(); }
}
