package dev.lifeline.media.rtp;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The audio codecs the gateway speaks on RTP, with their static RTP payload types
 * (RFC 3551). G.711 is plain Java: it is a table lookup, cheaper than a JNI call.
 */
public enum Codec {
    PCMU(0, "PCMU"),
    PCMA(8, "PCMA");

    /** G.711 is 8 kHz, one byte per sample. */
    public static final int CLOCK_RATE = 8000;

    private final int payloadType;
    private final String encodingName;

    Codec(int payloadType, String encodingName) {
        this.payloadType = payloadType;
        this.encodingName = encodingName;
    }

    public int payloadType() { return payloadType; }

    /** The name used in SDP rtpmap ({@code PCMU/8000}). */
    public String encodingName() { return encodingName; }

    /** Bytes of payload for {@code samples} samples (G.711: one each). */
    public int payloadBytes(int samples) { return samples; }

    public byte[] encode(short[] pcm) {
        byte[] out = new byte[pcm.length];
        encode(pcm, 0, pcm.length, out, 0);
        return out;
    }

    /** Allocation-free form for the media tick. */
    public void encode(short[] pcm, int off, int len, byte[] out, int outOff) {
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
        Objects.checkFromIndexSize(off, len, payload.length);
        int n = Math.min(len, out.length);
        if (this == PCMU) {
            for (int i = 0; i < n; i++) out[i] = G711.ulawDecode(payload[off + i]);
        } else {
            for (int i = 0; i < n; i++) out[i] = G711.alawDecode(payload[off + i]);
        }
        for (int i = n; i < out.length; i++) out[i] = 0;
    }

    /** The codec with this static payload type, if we have one. */
    public static Optional<Codec> forPayloadType(int pt) {
        for (Codec c : values()) if (c.payloadType == pt) return Optional.of(c);
        return Optional.empty();
    }

    /** The codec with this SDP encoding name (case-insensitive), if we have one. */
    public static Optional<Codec> forEncodingName(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        for (Codec c : values()) if (c.encodingName.equals(n)) return Optional.of(c);
        return Optional.empty();
    }
}
