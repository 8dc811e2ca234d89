package dev.lifeline.media.rtp;

/**
 * A reusable view of one RTP packet header (RFC 3550 §5.1) over a byte array, so the receive
 * thread parses without allocating. {@link #parse} rejects anything that is not well-formed
 * RTP version 2 rather than throwing: the caller counts it and drops it.
 */
final class RtpPacket {
    static final int HEADER = 12;

    boolean marker;
    int payloadType;
    int seq;
    long timestamp;
    long ssrc;
    int payloadOff;
    int payloadLen;

    /** Parses {@code b[0..len)}; false when it is not a valid RTP v2 packet. */
    boolean parse(byte[] b, int len) {
        if (len < HEADER || (b[0] & 0xC0) != 0x80) return false;
        boolean padding = (b[0] & 0x20) != 0;
        boolean extension = (b[0] & 0x10) != 0;
        int csrcs = b[0] & 0x0F;
        marker = (b[1] & 0x80) != 0;
        payloadType = b[1] & 0x7F;
        if (payloadType >= 72 && payloadType <= 76) return false; // RTCP SR..APP seen through the marker bit
        seq = u16(b, 2);
        timestamp = u32(b, 4);
        ssrc = u32(b, 8);
        int off = HEADER + 4 * csrcs;
        if (extension) {
            if (off + 4 > len) return false;
            off += 4 + 4 * u16(b, off + 2);
        }
        int end = len;
        if (padding) {
            int pad = b[len - 1] & 0xFF;
            if (pad == 0) return false;
            end -= pad;
        }
        if (off > end) return false;
        payloadOff = off;
        payloadLen = end - off;
        return true;
    }

    /** Writes a 12-byte header without CSRCs or extension into {@code b[0..12)}. */
    static void writeHeader(byte[] b, boolean marker, int pt, int seq, long timestamp, long ssrc) {
        b[0] = (byte) 0x80;
        b[1] = (byte) ((marker ? 0x80 : 0) | (pt & 0x7F));
        put16(b, 2, seq);
        put32(b, 4, timestamp);
        put32(b, 8, ssrc);
    }

    static int u16(byte[] b, int i) { return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF); }

    static long u32(byte[] b, int i) { return ((long) u16(b, i) << 16) | u16(b, i + 2); }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void put32(byte[] b, int i, long v) {
        put16(b, i, (int) (v >>> 16) & 0xFFFF);
        put16(b, i + 2, (int) v & 0xFFFF);
    }
}
