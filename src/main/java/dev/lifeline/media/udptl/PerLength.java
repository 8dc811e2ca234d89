package dev.lifeline.media.udptl;

import java.io.ByteArrayOutputStream;

/**
 * The ASN.1 PER (X.691, aligned) length determinant UDPTL uses for its open types and SEQUENCE OF
 * counts: one octet below 128, two octets ({@code 10xxxxxx xxxxxxxx}) below 16384, and above that
 * fragments of 1-4 × 16384 ({@code 11000mmm}) followed by another determinant for the rest (which
 * may be 0).
 */
final class PerLength {
    static final int FRAGMENT = 16384;

    private PerLength() {}

    /**
     * Writes the determinant for {@code remaining} items and returns how many items it covers: all of
     * them below 16384, else a fragment, after which the caller writes those items and another
     * determinant for what is left.
     */
    static int write(ByteArrayOutputStream out, int remaining) {
        if (remaining < 0x80) {
            out.write(remaining);
            return remaining;
        }
        if (remaining < FRAGMENT) {
            out.write(0x80 | remaining >> 8);
            out.write(remaining & 0xff);
            return remaining;
        }
        int m = Math.min(remaining / FRAGMENT, 4);
        out.write(0xC0 | m);
        return m * FRAGMENT;
    }

    /** Writes an open type (octets with their length determinant, fragmented above 16383). */
    static void writeOctets(ByteArrayOutputStream out, byte[] b) {
        int done = 0;
        while (true) {
            int n = write(out, b.length - done);
            out.write(b, done, n);
            done += n;
            if (n < FRAGMENT) return; // a whole (non-fragment) determinant ends the value
        }
    }

    /** One determinant read from a packet: how many items follow, and whether another determinant comes after them. */
    record Chunk(int count, boolean fragment) {}

    static Chunk read(Reader in, String what) throws UdptlFormatException {
        int b = in.u8(what);
        if ((b & 0x80) == 0) return new Chunk(b, false);
        if ((b & 0x40) == 0) return new Chunk((b & 0x3f) << 8 | in.u8(what), false);
        int m = b & 0x3f;
        if (m < 1 || m > 4) throw new UdptlFormatException(what + ": fragment multiplier " + m + " outside 1..4");
        return new Chunk(m * FRAGMENT, true);
    }

    /** Reads an open type; every chunk's length is checked against the bytes left before it is copied. */
    static byte[] readOctets(Reader in, String what) throws UdptlFormatException {
        Chunk c = read(in, what);
        if (!c.fragment()) return in.bytes(c.count(), what);
        ByteArrayOutputStream acc = new ByteArrayOutputStream();
        while (true) {
            acc.writeBytes(in.bytes(c.count(), what));
            if (!c.fragment()) return acc.toByteArray();
            c = read(in, what);
        }
    }

    /** A bounded cursor over a datagram. */
    static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int end;

        Reader(byte[] buf, int off, int len) {
            this.buf = buf;
            this.pos = off;
            this.end = off + len;
        }

        int remaining() { return end - pos; }

        int u8(String what) throws UdptlFormatException {
            if (pos >= end) throw new UdptlFormatException(what + ": packet ends early");
            return buf[pos++] & 0xff;
        }

        byte[] bytes(int n, String what) throws UdptlFormatException {
            if (n > end - pos) throw new UdptlFormatException(what + ": length " + n + " but only " + (end - pos) + " bytes left");
            byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }
    }
}
