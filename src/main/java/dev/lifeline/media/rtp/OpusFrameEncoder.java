package dev.lifeline.media.rtp;

import dev.lifeline.dsp.OpusEncoder;
import dev.lifeline.media.audio.Resampler;

/**
 * 8 kHz → 16 kHz (filtered) → Opus, one 20 ms packet per frame. Why 16 kHz and not 48: what
 * the engine hands us is a phone line's 300..3400 Hz, and 16 kHz input already lets libopus
 * code it as wideband SILK; 48 kHz input would cost three times the resampling and make
 * libopus resample again internally, for nothing audible (RFC 7587 lets the input rate differ
 * from the 48 kHz RTP clock).
 */
final class OpusFrameEncoder implements FrameEncoder {
    static final int RATE = 16000;
    /** RFC 7587 §4.2 / RFC 6716: a 20 ms packet never needs more; 1275 is Opus's own maximum frame. */
    static final int MAX_PACKET = 1275;

    private final Resampler up = new Resampler(8000, RATE);
    private final short[] wide = new short[RATE / 50];
    private final OpusEncoder encoder;

    OpusFrameEncoder(OpusParams p) {
        OpusParams params = p == null ? OpusParams.DEFAULT : p;
        this.encoder = new OpusEncoder(new OpusEncoder.Settings(RATE, params.bitrate(), params.fec(), params.lossPercent(),
                OpusEncoder.Settings.bandwidthFor(params.maxPlaybackRate()), params.complexity()));
    }

    @Override public int encode(short[] frame, byte[] out, int off) {
        int n = up.process(frame, 0, frame.length, wide, 0);
        return encoder.encode(wide, 0, n, out, off, Math.min(MAX_PACKET, out.length - off));
    }

    @Override public void close() { encoder.close(); }
}
