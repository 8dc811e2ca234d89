package dev.lifeline.media.udptl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The UDPTL packet codec: wire bytes, the three length forms, and refusal of malformed datagrams. */
class UdptlPacketTest {
    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }

    private static byte[] filled(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void encodesTheWireFormatByteForByte() {
        assertArrayEquals(bytes(0x01, 0x02, 0x01, 0x02, 0x00, 0x00), UdptlPacket.of(0x0102, bytes(0x02), List.of()).encode());
        // seq 0xFFFF, primary of 2, redundancy: two secondaries, newest (seq-1) first
        assertArrayEquals(bytes(0xff, 0xff, 0x02, 0xc0, 0x01, 0x00, 0x02, 0x01, 0x04, 0x02, 0x06, 0x07),
                UdptlPacket.of(0xffff, bytes(0xc0, 0x01), List.of(bytes(0x04), bytes(0x06, 0x07))).encode());
    }

    @Test
    void decodesWhatItEncodes() throws Exception {
        UdptlPacket p = UdptlPacket.of(42, filled(60, 1), List.of(filled(30, 2), filled(1, 3), filled(200, 4)));
        byte[] wire = p.encode();
        UdptlPacket q = UdptlPacket.decode(wire, 0, wire.length);
        assertEquals(42, q.seq());
        assertArrayEquals(p.primary(), q.primary());
        assertEquals(3, q.secondary().size());
        for (int i = 0; i < 3; i++) assertArrayEquals(p.secondary().get(i), q.secondary().get(i));
        assertFalse(q.fec());
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 127, 128, 200, 16383, 16384, 20000, 32768, 65536, 70000})
    void everyLengthFormRoundTrips(int n) throws Exception {
        byte[] primary = filled(n, n);
        byte[] wire = UdptlPacket.of(7, primary, List.of(filled(n, n + 1))).encode();
        int first = wire[2] & 0xff;
        if (n < 128) assertEquals(n, first, "one-octet length");
        else if (n < 16384) {
            assertEquals(0x80 | n >> 8, first, "two-octet length, high part");
            assertEquals(n & 0xff, wire[3] & 0xff);
        } else assertEquals(0xC0 | Math.min(n / 16384, 4), first, "fragment of m x 16384");
        UdptlPacket q = UdptlPacket.decode(wire, 0, wire.length);
        assertArrayEquals(primary, q.primary());
        assertArrayEquals(filled(n, n + 1), q.secondary().get(0));
    }

    @Test
    void exactly16384IsAFragmentThenAnEmptyRest() {
        byte[] wire = UdptlPacket.of(1, filled(16384, 9), List.of()).encode();
        assertEquals(0xC1, wire[2] & 0xff);
        assertEquals(0x00, wire[3 + 16384], "zero-length rest after the fragment");
        assertEquals(2 + 1 + 16384 + 1 + 1 + 1, wire.length);
    }

    @Test
    void fecPacketsDecodeWithTheirPrimary() throws Exception {
        // seq 5, primary {0x02}, FEC: fec-npackets = 3 (length 1, value 3), fec-data: 1 entry of 2 octets
        byte[] wire = bytes(0x00, 0x05, 0x01, 0x02, 0x80, 0x01, 0x03, 0x01, 0x02, 0xaa, 0xbb);
        UdptlPacket p = UdptlPacket.decode(wire, 0, wire.length);
        assertTrue(p.fec());
        assertArrayEquals(bytes(0x02), p.primary());
        assertTrue(p.secondary().isEmpty());
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] wire = UdptlPacket.of(300, filled(150, 5), List.of(filled(40, 6), filled(3, 7))).encode();
        for (int len = 0; len < wire.length; len++) {
            int n = len;
            assertThrows(UdptlFormatException.class, () -> UdptlPacket.decode(wire, 0, n), "truncated to " + n);
        }
    }

    @Test
    void malformedPacketsAreRefusedWithAReason() {
        assertMalformed("bytes after", 0x00, 0x01, 0x01, 0x02, 0x00, 0x00, 0x99);
        assertMalformed("neither redundancy", 0x00, 0x01, 0x01, 0x02, 0x40, 0x00);
        assertMalformed("only 3 bytes left", 0x00, 0x01, 0xbf, 0xff, 1, 2, 3);        // claims 16383 octets
        assertMalformed("fragment multiplier 0", 0x00, 0x01, 0xc0, 1, 2);
        assertMalformed("fragment multiplier 5", 0x00, 0x01, 0xc5, 1, 2);
        assertMalformed("items but only", 0x00, 0x01, 0x01, 0x02, 0x00, 0xbe, 0x80, 1); // 16000 secondaries in 1 byte
        assertMalformed("empty", 0x00, 0x01, 0x00, 0x00, 0x00);
        // a 65536-octet claim in a 10-byte datagram is refused before anything that size is allocated
        assertMalformed("bytes left", 0x00, 0x01, 0xc4, 0, 0, 0, 0, 0, 0, 0);
    }

    private static void assertMalformed(String reason, int... wire) {
        byte[] b = bytes(wire);
        UdptlFormatException e = assertThrows(UdptlFormatException.class, () -> UdptlPacket.decode(b, 0, b.length), Arrays.toString(wire));
        assertTrue(e.getMessage().contains(reason), "message '" + e.getMessage() + "' names '" + reason + "'");
    }

    @Test
    void randomAndMutatedDatagramsOnlyEverFailAsFormatErrors() {
        Random rnd = new Random(3362);
        byte[] valid = UdptlPacket.of(9, filled(40, 1), List.of(filled(20, 2), filled(130, 3))).encode();
        int ok = 0, refused = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[rnd.nextInt(64)];
                rnd.nextBytes(b);
            } else { // a valid packet with 1-3 bytes changed and maybe cut or extended
                b = Arrays.copyOf(valid, valid.length + rnd.nextInt(5) - 2);
                for (int k = 1 + rnd.nextInt(3); k > 0; k--) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            try {
                UdptlPacket.decode(b, 0, b.length);
                ok++;
            } catch (UdptlFormatException expected) {
                refused++; // any other exception fails the test
            }
        }
        assertTrue(ok > 1000, "mutations in payload bytes still decode: " + ok);
        assertTrue(refused > 1000, "refused: " + refused);
    }
}
