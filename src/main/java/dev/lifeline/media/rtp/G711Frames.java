package dev.lifeline.media.rtp;

/** G.711 needs no state: one object both encodes and decodes, by the enum's tables. */
final class G711Frames implements FrameEncoder, FrameDecoder {
    private final Codec codec;

    G711Frames(Codec codec) { this.codec = codec; }

    @Override public int encode(short[] frame, byte[] out, int off) {
        codec.encode(frame, 0, frame.length, out, off);
        return frame.length;
    }

    @Override public void decode(byte[] payload, int off, int len, short[] frame) { codec.decode(payload, off, len, frame); }

    @Override public void close() {}
}
