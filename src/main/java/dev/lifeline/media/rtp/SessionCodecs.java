package dev.lifeline.media.rtp;

import java.util.Objects;

/**
 * The codec state of one RTP session: the codec and payload type agreed in SDP, the encoder
 * the engine thread sends with and the decoder the receive thread decodes with. PCMU and PCMA
 * are decoded by their static payload types whatever was agreed (a phone may switch to them
 * without a re-INVITE, as before). A change of codec, payload type or Opus settings opens a
 * fresh encoder and decoder and closes the old ones; a frame in flight on the other thread
 * then fails with IllegalStateException and is dropped by the session.
 */
final class SessionCodecs implements AutoCloseable {
    private static final FrameDecoder PCMU_DECODER = new G711Frames(Codec.PCMU), PCMA_DECODER = new G711Frames(Codec.PCMA);

    private volatile Codec codec = Codec.PCMU;
    private volatile int payloadType = Codec.PCMU.payloadType();
    private volatile OpusParams opus = OpusParams.DEFAULT;
    private volatile FrameEncoder encoder = new G711Frames(Codec.PCMU);
    private volatile FrameDecoder decoder = new G711Frames(Codec.PCMU);
    private boolean closed;

    /** Applies what SDP agreed; returns true when it changed anything (new coders were opened). */
    boolean configure(Codec codec, int payloadType, OpusParams opus) {
        Objects.requireNonNull(codec, "codec");
        if (payloadType < 0 || payloadType > 127) throw new IllegalArgumentException("payload type must be 0..127, got " + payloadType);
        FrameEncoder oldEnc;
        FrameDecoder oldDec;
        synchronized (this) {
            if (closed || codec == this.codec && payloadType == this.payloadType && Objects.equals(opus, this.opus)) return false;
            oldEnc = encoder;
            oldDec = decoder;
            encoder = codec.openEncoder(opus);
            decoder = codec.openDecoder();
            this.opus = opus;
            this.payloadType = payloadType;
            this.codec = codec;
        }
        oldEnc.close();
        oldDec.close();
        return true;
    }

    Codec codec() { return codec; }

    int payloadType() { return payloadType; }

    FrameEncoder encoder() { return encoder; }

    /** The decoder for a received payload type, or null for one we do not take as audio. */
    FrameDecoder decoderFor(int pt) {
        if (pt == payloadType) return decoder;
        return pt == 0 ? PCMU_DECODER : pt == 8 ? PCMA_DECODER : null;
    }

    /** The RTP clock of a received audio payload type. */
    int clockFor(int pt) { return pt == payloadType ? codec.rtpClock() : Codec.CLOCK_RATE; }

    @Override
    public synchronized void close() {
        closed = true;
        encoder.close();
        decoder.close();
    }
}
