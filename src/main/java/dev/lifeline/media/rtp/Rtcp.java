package dev.lifeline.media.rtp;

import java.nio.charset.StandardCharsets;

/**
 * RTCP packet formats (RFC 3550 §6): writes compound SR/RR + SDES CNAME and BYE, parses
 * incoming compound packets into callbacks. Malformed input makes {@link #parse} return
 * false; it never throws.
 */
final class Rtcp {
    static final int SR = 200, RR = 201, SDES = 202, BYE = 203;
    /** Seconds from 1900 (NTP era 0) to 1970. */
    private static final long NTP_OFFSET = 2_208_988_800L;

    private Rtcp() {}

    /** One reception report block. lsr/dlsr in NTP short format (1/65536 s). */
    record ReportBlock(long ssrc, int fractionLost, long cumulativeLost, long extHighestSeq, long jitter, long lsr, long dlsr) {}

    interface Listener {
        void senderReport(long ssrc, long ntpMiddle32);
        void reportBlock(long reporterSsrc, ReportBlock block);
        void bye(long ssrc);
    }

    /** The current wall-clock time as a 64-bit NTP timestamp. */
    static long ntpNow() {
        java.time.Instant now = java.time.Instant.now();
        long secs = now.getEpochSecond() + NTP_OFFSET;
        long frac = ((long) now.getNano() << 32) / 1_000_000_000L;
        return (secs << 32) | frac;
    }

    static long middle32(long ntp) { return (ntp >>> 16) & 0xFFFFFFFFL; }

    /**
     * Writes SR (when {@code sender}) or RR, with at most one report block, then SDES CNAME.
     * Returns the length.
     */
    static int writeReport(byte[] b, boolean sender, long ssrc, long ntp, long rtpTs, long packets, long octets,
            ReportBlock block, String cname) {
        int rc = block == null ? 0 : 1;
        int words = 1 + (sender ? 5 : 0) + rc * 6; // after the first header word
        b[0] = (byte) (0x80 | rc);
        b[1] = (byte) (sender ? SR : RR);
        RtpPacket.put16(b, 2, words);
        RtpPacket.put32(b, 4, ssrc);
        int p = 8;
        if (sender) {
            RtpPacket.put32(b, p, ntp >>> 32);
            RtpPacket.put32(b, p + 4, ntp & 0xFFFFFFFFL);
            RtpPacket.put32(b, p + 8, rtpTs);
            RtpPacket.put32(b, p + 12, packets);
            RtpPacket.put32(b, p + 16, octets);
            p += 20;
        }
        if (block != null) {
            RtpPacket.put32(b, p, block.ssrc());
            long lost = Math.min(block.cumulativeLost(), 0x7FFFFF);
            RtpPacket.put32(b, p + 4, ((long) block.fractionLost() << 24) | lost);
            RtpPacket.put32(b, p + 8, block.extHighestSeq());
            RtpPacket.put32(b, p + 12, block.jitter());
            RtpPacket.put32(b, p + 16, block.lsr());
            RtpPacket.put32(b, p + 20, block.dlsr());
            p += 24;
        }
        return p + writeSdes(b, p, ssrc, cname);
    }

    private static int writeSdes(byte[] b, int p, long ssrc, String cname) {
        byte[] name = cname.getBytes(StandardCharsets.UTF_8);
        int nameLen = Math.min(name.length, 255);
        int body = 4 + 2 + nameLen + 1; // ssrc, CNAME item, end-of-list
        int padded = (body + 3) & ~3;
        b[p] = (byte) 0x81;
        b[p + 1] = (byte) SDES;
        RtpPacket.put16(b, p + 2, padded / 4);
        RtpPacket.put32(b, p + 4, ssrc);
        b[p + 8] = 1; // CNAME
        b[p + 9] = (byte) nameLen;
        System.arraycopy(name, 0, b, p + 10, nameLen);
        for (int i = p + 10 + nameLen; i < p + 4 + padded; i++) b[i] = 0;
        return 4 + padded;
    }

    /** Writes an RR without blocks followed by BYE (a compound packet must start with a report). */
    static int writeBye(byte[] b, long ssrc) {
        b[0] = (byte) 0x80;
        b[1] = (byte) RR;
        RtpPacket.put16(b, 2, 1);
        RtpPacket.put32(b, 4, ssrc);
        b[8] = (byte) 0x81;
        b[9] = (byte) BYE;
        RtpPacket.put16(b, 10, 1);
        RtpPacket.put32(b, 12, ssrc);
        return 16;
    }

    /** Walks a compound packet; false when any part is malformed (parts before it were delivered). */
    static boolean parse(byte[] b, int len, Listener l) {
        if (len < 8) return false;
        int p = 0;
        while (p < len) {
            if (p + 4 > len || (b[p] & 0xC0) != 0x80) return false;
            int count = b[p] & 0x1F;
            int type = b[p + 1] & 0xFF;
            int size = (RtpPacket.u16(b, p + 2) + 1) * 4;
            if (p + size > len) return false;
            if (type == SR || type == RR) {
                int fixed = type == SR ? 28 : 8;
                if (size < fixed + 24 * count) return false;
                long ssrc = RtpPacket.u32(b, p + 4);
                if (type == SR) l.senderReport(ssrc, (RtpPacket.u32(b, p + 8) << 16 | RtpPacket.u32(b, p + 12) >>> 16) & 0xFFFFFFFFL);
                for (int i = 0, q = p + fixed; i < count; i++, q += 24) {
                    long lostWord = RtpPacket.u32(b, q + 4);
                    l.reportBlock(ssrc, new ReportBlock(RtpPacket.u32(b, q), (int) (lostWord >>> 24), lostWord & 0xFFFFFF,
                            RtpPacket.u32(b, q + 8), RtpPacket.u32(b, q + 12), RtpPacket.u32(b, q + 16), RtpPacket.u32(b, q + 20)));
                }
            } else if (type == BYE && count > 0 && size >= 8) {
                l.bye(RtpPacket.u32(b, p + 4));
            } else if (type < 192 || type > 223) {
                return false; // not an RTCP packet type
            }
            p += size;
        }
        return true;
    }
}
