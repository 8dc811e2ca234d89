package dev.lifeline.dsp;

import java.lang.ref.Reference;
import java.util.Objects;

/**
 * A mono Opus encoder (libopus, application VOIP, signal voice) for one sending stream.
 * In-band FEC (LBRR) makes each packet carry a coarse copy of the previous frame, which a
 * receiver uses when that frame's own packet is lost; libopus only adds it when told to
 * expect loss, hence {@code lossPercent}.
 */
public final class OpusEncoder implements AutoCloseable {
    /** OPUS_BANDWIDTH_* values for {@link Settings#maxBandwidth}. */
    public static final int NARROWBAND = 1101, MEDIUMBAND = 1102, WIDEBAND = 1103, SUPERWIDEBAND = 1104, FULLBAND = 1105;

    /**
     * @param rate         input sample rate: 8000, 12000, 16000, 24000 or 48000
     * @param bitrate      target bit/s (6000..510000)
     * @param fec          in-band FEC on
     * @param lossPercent  expected packet loss 0..100 (FEC needs > 0)
     * @param maxBandwidth an OPUS_BANDWIDTH_* limit, e.g. from the peer's maxplaybackrate, or 0 for none
     * @param complexity   0..10, the CPU/quality trade-off
     */
    public record Settings(int rate, int bitrate, boolean fec, int lossPercent, int maxBandwidth, int complexity) {
        public Settings {
            if (rate != 8000 && rate != 12000 && rate != 16000 && rate != 24000 && rate != 48000)
                throw new IllegalArgumentException("Opus rate must be 8000, 12000, 16000, 24000 or 48000, got " + rate);
            if (bitrate < 6000 || bitrate > 510_000) throw new IllegalArgumentException("Opus bitrate must be 6000..510000, got " + bitrate);
            if (lossPercent < 0 || lossPercent > 100) throw new IllegalArgumentException("loss percent must be 0..100");
            if (complexity < 0 || complexity > 10) throw new IllegalArgumentException("complexity must be 0..10");
            if (maxBandwidth != 0 && (maxBandwidth < NARROWBAND || maxBandwidth > FULLBAND))
                throw new IllegalArgumentException("max bandwidth must be 0 or OPUS_BANDWIDTH_*");
        }

        /** The limit that suits a peer's {@code maxplaybackrate} (RFC 7587 §6.1): no point encoding what it will not play. */
        public static int bandwidthFor(int maxPlaybackRate) {
            if (maxPlaybackRate <= 0) return 0;
            if (maxPlaybackRate <= 8000) return NARROWBAND;
            if (maxPlaybackRate <= 12000) return MEDIUMBAND;
            if (maxPlaybackRate <= 16000) return WIDEBAND;
            if (maxPlaybackRate <= 24000) return SUPERWIDEBAND;
            return 0;
        }
    }

    private final NativeContext ctx;
    private final Settings settings;

    public OpusEncoder(Settings s) {
        Dsp.ensureAvailable();
        this.settings = Objects.requireNonNull(s, "settings");
        this.ctx = new NativeContext(this, "Opus encoder",
                CodecNative.opusEncNew0(s.rate(), s.bitrate(), s.fec(), s.lossPercent(), s.maxBandwidth(), s.complexity()),
                CodecNative::opusEncFree0);
    }

    public Settings settings() { return settings; }

    /**
     * Encodes one frame ({@code len} samples: 2.5, 5, 10, 20, 40 or 60 ms at the rate) into
     * {@code out[outOff, outOff+max)}; returns the packet length.
     */
    public synchronized int encode(short[] pcm, int off, int len, byte[] out, int outOff, int max) {
        Objects.checkFromIndexSize(off, len, pcm.length);
        try {
            return CodecNative.check(CodecNative.opusEncode0(ctx.handle(), pcm, off, len, out, outOff, max), "Opus encode");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override public synchronized void close() { ctx.close(); }
}
