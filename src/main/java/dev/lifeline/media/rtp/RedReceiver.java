package dev.lifeline.media.rtp;

/**
 * The receiving half of RFC 2198 redundancy on one session: checks a RED packet's blocks and hands
 * its redundant blocks to the jitter buffer for the frames they repeat. Receive thread only.
 */
final class RedReceiver {
    private final RedPacket packet = new RedPacket();

    /**
     * Parses {@code b[off..off+len)}; false for malformed RED or a block we cannot take: every
     * block must be audio the session decodes (G.711) or comfort noise, and a redundant block
     * must be older than the packet. On true, {@link #packet} holds the blocks.
     */
    boolean parse(byte[] b, int off, int len, SessionCodecs codecs) {
        if (!packet.parse(b, off, len)) return false;
        for (int k = 0; k < packet.blocks(); k++) {
            int pt = packet.payloadType(k);
            if (pt != 13 && codecs.decoderFor(pt) == null) return false;
            if (k < packet.primary() && packet.timestampOffset(k) == 0) return false;
        }
        return true;
    }

    RedPacket packet() { return packet; }

    /**
     * Offers each redundant block of the last parsed packet (sequence number {@code ext}) to the
     * jitter buffer for the frame it repeats: the one whose timestamp is the packet's minus the
     * block's offset, i.e. {@code offset / 160} sequence numbers back on our 20 ms grid (a block
     * off that grid cannot be placed and is skipped). The jitter buffer takes it only if that
     * frame is missing. Returns how many blocks a decoder refused (a decoder replaced under us).
     */
    int recover(long ext, byte[] b, SessionCodecs codecs, JitterBuffer jitterBuffer) {
        int step = Codec.CLOCK_RATE / 50, refused = 0;
        for (int k = 0; k < packet.primary(); k++) {
            int offset = packet.timestampOffset(k);
            if (offset % step != 0 || offset / step >= RedPacket.MAX_BLOCKS) continue;
            FrameDecoder d = codecs.decoderFor(packet.payloadType(k));
            if (d == null) continue; // comfort noise: nothing to play
            try {
                jitterBuffer.putRedundant(ext - offset / step, d, b, packet.offset(k), packet.length(k));
            } catch (IllegalStateException e) {
                refused++;
            }
        }
        return refused;
    }
}
