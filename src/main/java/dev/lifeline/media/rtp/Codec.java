package dev.lifeline.media.rtp;

import java.util.Objects;
import java.util.Optional;

/**
 * The audio codecs the gateway speaks on RTP: what SDP calls them, their RTP clock and
 * payload type. G.711 is coded right here in plain Java (a table lookup, cheaper than a JNI
 * call); G.722 and Opus keep state between frames, so each RTP session opens its own
 * {@link FrameEncoder} and {@link FrameDecoder} ({@link #openEncoder}, {@link #openDecoder})
 * over the native library.
 *
 * <p>G.722 samples at 16 kHz but its RTP clock is 8000 (RFC 3551 §4.5.2, an old mistake kept
 * for compatibility); Opus's RTP clock is always 48000 and its rtpmap always says two channels
 * (RFC 7587 §7), whatever is actually sent.
 */
public enum Codec {
    PCMU(0, "PCMU", 8000, 1, false),
    PCMA(8, "PCMA", 8000, 1, false),
    G722(9, "G722", 8000, 1, true),
    OPUS(111, "opus", 48000, 2, true);

    /** G.711 is 8 kHz, one byte per sample; also the rate of the engine's frames. */
    public static final int CLOCK_RATE = 8000;

    private final int payloadType;
    private final String encodingName;
    private final int rtpClock, rtpmapChannels;
    private final boolean wideband;

    Codec(int payloadType, String encodingName, int rtpClock, int rtpmapChannels, boolean wideband) {
        this.payloadType = payloadType;
        this.encodingName = encodingName;
        this.rtpClock = rtpClock;
        this.rtpmapChannels = rtpmapChannels;
        this.wideband = wideband;
    }

    /** The static payload type (RFC 3551), or for Opus the dynamic one we offer (the answer may pick another). */
    public int payloadType() { return payloadType; }

    /** True when the payload type is assigned statically (RFC 3551), false for Opus's dynamic one. */
    public boolean staticPayloadType() { return payloadType < 96; }

    /** The name used in SDP rtpmap ({@code PCMU/8000}). */
    public String encodingName() { return encodingName; }

    /** The RTP timestamp clock (Hz). */
    public int rtpClock() { return rtpClock; }

    /** RTP timestamp units per 20 ms frame. */
    public int timestampStep() { return rtpClock / 50; }

    /** The rtpmap value: {@code PCMU/8000}, {@code G722/8000}, {@code opus/48000/2}. */
    public String rtpmap() { return encodingName + "/" + rtpClock + (rtpmapChannels > 1 ? "/" + rtpmapChannels : ""); }

    /** True for G.722 and Opus: more than the 3.4 kHz of a phone line, worth relaying untouched between SIP phones. */
    public boolean wideband() { return wideband; }

    /** True when the codec needs liblifeline-dsp (G.722, Opus). */
    public boolean needsNativeLibrary() { return this == G722 || this == OPUS; }

    /** Bytes of G.711 payload for {@code samples} samples (one each). */
    public int payloadBytes(int samples) { return samples; }

    /** A per-session encoder of 20 ms narrowband frames; {@code opus} applies to Opus only. */
    public FrameEncoder openEncoder(OpusParams opus) {
        return switch (this) {
            case PCMU, PCMA -> new G711Frames(this);
            case G722 -> new G722FrameEncoder();
            case OPUS -> new OpusFrameEncoder(opus);
        };
    }

    /** A per-session decoder to 20 ms narrowband frames. */
    public FrameDecoder openDecoder() {
        return switch (this) {
            case PCMU, PCMA -> new G711Frames(this);
            case G722 -> new G722FrameDecoder();
            case OPUS -> new OpusFrameDecoder();
        };
    }

    public byte[] encode(short[] pcm) {
        byte[] out = new byte[pcm.length];
        encode(pcm, 0, pcm.length, out, 0);
        return out;
    }

    /** Allocation-free form for the media tick. */
    public void encode(short[] pcm, int off, int len, byte[] out, int outOff) {
        requireG711();
        Objects.checkFromIndexSize(off, len, pcm.length);
        Objects.checkFromIndexSize(outOff, len, out.length);
        if (this == PCMU) {
            for (int i = 0; i < len; i++) out[outOff + i] = G711.ulaw(pcm[off + i]);
        } else {
            for (int i = 0; i < len; i++) out[outOff + i] = G711.alaw(pcm[off + i]);
        }
    }

    /**
     * Decodes {@code payload[off..off+len)} into {@code out}; decodes at most {@code out.length}
     * samples and zero-fills the rest of {@code out} when the payload is shorter.
     */
    public void decode(byte[] payload, int off, int len, short[] out) {
        requireG711();
        Objects.checkFromIndexSize(off, len, payload.length);
        int n = Math.min(len, out.length);
        if (this == PCMU) {
            for (int i = 0; i < n; i++) out[i] = G711.ulawDecode(payload[off + i]);
        } else {
            for (int i = 0; i < n; i++) out[i] = G711.alawDecode(payload[off + i]);
        }
        for (int i = n; i < out.length; i++) out[i] = 0;
    }

    private void requireG711() {
        if (this != PCMU && this != PCMA) throw new UnsupportedOperationException(this + " keeps state: use openEncoder/openDecoder");
    }

    /** The codec with this static payload type, if we have one. */
    public static Optional<Codec> forPayloadType(int pt) {
        for (Codec c : values()) if (c.staticPayloadType() && c.payloadType == pt) return Optional.of(c);
        return Optional.empty();
    }

    /** The codec with this SDP encoding name (case-insensitive), if we have one. */
    public static Optional<Codec> forEncodingName(String name) {
        for (Codec c : values()) if (c.encodingName.equalsIgnoreCase(name)) return Optional.of(c);
        return Optional.empty();
    }
}
