package dev.lifeline.media.udptl;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One UDPTL packet (T.38 §9.1, RFC 3362's transport): a 16-bit sequence number, the primary IFP and
 * its error recovery. With redundancy, {@code secondary} holds earlier IFPs, newest first ({@code
 * seq-1}, {@code seq-2}, ...), so a receiver that lost those packets gets them back from this one.
 * A peer using FEC instead sends parity data, which this gateway does not offer; such a packet
 * decodes with {@code fec} set and no secondaries, so its primary still counts.
 */
public record UdptlPacket(int seq, byte[] primary, List<byte[]> secondary, boolean fec) {
    public UdptlPacket {
        if (seq < 0 || seq > 0xffff) throw new IllegalArgumentException("sequence number " + seq + " outside 0..65535");
        Objects.requireNonNull(primary, "primary");
        secondary = List.copyOf(secondary);
    }

    /** A packet with redundancy (possibly none). */
    public static UdptlPacket of(int seq, byte[] primary, List<byte[]> secondary) {
        return new UdptlPacket(seq, primary, secondary, false);
    }

    /** The wire form: aligned PER as T.38 Annex/§9.1 define UDPTLPacket. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(primary.length + 16);
        out.write(seq >> 8);
        out.write(seq & 0xff);
        PerLength.writeOctets(out, primary);
        if (fec) throw new IllegalStateException("this gateway does not send FEC");
        out.write(0x00); // error-recovery CHOICE: secondary-ifp-packets
        int done = 0;
        while (true) {
            int n = PerLength.write(out, secondary.size() - done);
            for (int i = done; i < done + n; i++) PerLength.writeOctets(out, secondary.get(i));
            done += n;
            if (n < PerLength.FRAGMENT) break;
        }
        return out.toByteArray();
    }

    /**
     * Decodes one datagram. Nothing is allocated beyond the datagram's own size: every length is
     * checked against the bytes that remain before anything is copied.
     *
     * @throws UdptlFormatException when the packet is truncated, has trailing bytes or impossible lengths
     */
    public static UdptlPacket decode(byte[] buf, int off, int len) throws UdptlFormatException {
        Objects.checkFromIndexSize(off, len, buf.length);
        PerLength.Reader in = new PerLength.Reader(buf, off, len);
        int seq = in.u8("sequence number") << 8 | in.u8("sequence number");
        byte[] primary = PerLength.readOctets(in, "primary IFP");
        if (primary.length == 0) throw new UdptlFormatException("primary IFP: empty");
        int choice = in.u8("error recovery");
        List<byte[]> secondary = new ArrayList<>();
        boolean fec;
        if (choice == 0x00) {
            fec = false;
            readSequence(in, "secondary IFP", secondary);
        } else if (choice == 0x80) {
            fec = true;
            PerLength.readOctets(in, "fec-npackets");
            readSequence(in, "fec-data", new ArrayList<>());
        } else {
            throw new UdptlFormatException("error recovery: choice octet 0x" + Integer.toHexString(choice) + " is neither redundancy (0x00) nor FEC (0x80)");
        }
        if (in.remaining() != 0) throw new UdptlFormatException(in.remaining() + " bytes after the packet's end");
        return new UdptlPacket(seq, primary, fec ? List.of() : secondary, fec);
    }

    /** A SEQUENCE OF open types; each item takes at least one byte, so the count is bounded by the packet. */
    private static void readSequence(PerLength.Reader in, String what, List<byte[]> into) throws UdptlFormatException {
        while (true) {
            PerLength.Chunk c = PerLength.read(in, what + " count");
            if (c.count() > in.remaining()) throw new UdptlFormatException(what + " count: " + c.count() + " items but only " + in.remaining() + " bytes left");
            for (int i = 0; i < c.count(); i++) into.add(PerLength.readOctets(in, what + " " + (into.size() + 1)));
            if (!c.fragment()) return;
        }
    }

    @Override public String toString() {
        return "UdptlPacket[seq=" + seq + ", primary=" + primary.length + " bytes, " + (fec ? "FEC" : secondary.size() + " secondary") + "]";
    }
}
