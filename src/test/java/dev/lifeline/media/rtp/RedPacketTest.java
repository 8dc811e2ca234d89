package dev.lifeline.media.rtp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 2198 §3/§4 payload layout, both ways, and what a broken sender can send. */
class RedPacketTest {
    /** RFC 2198's example: a 14-byte LPC (PT 7) redundant block, then the DVI4 (PT 5) primary. */
    @Test
    void theRfcExampleLayoutIsWrittenAndReadBack() {
        byte[] lpc = filled(14, 0x11), dvi = filled(40, 0x22);
        byte[] out = new byte[100];
        // written by hand from the RFC's figure: F=1|PT=7, 14-bit offset 320, 10-bit length 14; then F=0|PT=5
        byte[] header = {(byte) 0x87, (byte) (320 >>> 6), (byte) (((320 & 0x3F) << 2) | (14 >>> 8)), (byte) 14, (byte) 0x05};
        int n = writeMixed(out, lpc, dvi);
        assertEquals(5 + 14 + 40, n);
        assertArrayEquals(header, Arrays.copyOf(out, 5), "block headers");
        assertArrayEquals(lpc, Arrays.copyOfRange(out, 5, 19), "redundant data before the primary");
        assertArrayEquals(dvi, Arrays.copyOfRange(out, 19, 59));

        RedPacket p = new RedPacket();
        assertTrue(p.parse(out, 0, n));
        assertEquals(2, p.blocks());
        assertEquals(7, p.payloadType(0));
        assertEquals(320, p.timestampOffset(0));
        assertEquals(5, p.offset(0));
        assertEquals(14, p.length(0));
        assertEquals(5, p.payloadType(p.primary()));
        assertEquals(0, p.timestampOffset(p.primary()));
        assertEquals(19, p.offset(p.primary()));
        assertEquals(40, p.length(p.primary()));
    }

    /** {@link RedPacket#write} puts one PT in both headers (we only repeat G.711 by itself); the RFC example mixes two, so patch the header. */
    private static int writeMixed(byte[] out, byte[] red, byte[] primary) {
        int n = RedPacket.write(out, 0, 5, red, 0, red.length, 320, primary, 0, primary.length);
        out[0] = (byte) (0x80 | 7);
        return n;
    }

    @Test
    void g711DepthOneIs325BytesAndTheFirstPacketHasOnlyThePrimary() {
        byte[] prev = filled(160, 1), cur = filled(160, 2), out = new byte[400];
        int n = RedPacket.write(out, 12, 0, prev, 0, 160, 160, cur, 0, 160);
        assertEquals(4 + 1 + 160 + 160, n, "+165 bytes per packet");
        RedPacket p = new RedPacket();
        assertTrue(p.parse(out, 12, n));
        assertEquals(160, p.timestampOffset(0));
        assertEquals(12 + 5, p.offset(0));
        assertEquals(1, out[p.offset(0)], "the previous frame first");
        assertEquals(12 + 5 + 160, p.offset(p.primary()));
        assertEquals(2, out[p.offset(p.primary())], "then this one");

        int m = RedPacket.write(out, 0, 8, null, 0, 0, 160, cur, 0, 160);
        assertEquals(161, m);
        assertTrue(p.parse(out, 0, m));
        assertEquals(1, p.blocks());
        assertEquals(8, p.payloadType(0));
    }

    @Test
    void malformedPayloadsAreRefusedNotThrown() {
        RedPacket p = new RedPacket();
        byte[] ok = new byte[400];
        int n = RedPacket.write(ok, 0, 0, filled(160, 1), 0, 160, 160, filled(160, 2), 0, 160);
        assertFalse(p.parse(ok, 0, 0), "empty");
        assertFalse(p.parse(ok, 0, 3), "a redundant header cut short");
        assertFalse(p.parse(ok, 0, 5 + 100), "redundant block length past the end");
        assertFalse(p.parse(ok, 0, 5 + 160), "no primary data");
        assertFalse(p.parse(ok, 0, n + 1000), "past the array");
        byte[] many = new byte[64];
        for (int i = 0; i < 20; i += 4) many[i] = (byte) 0x80; // five redundant headers of length 0
        assertFalse(p.parse(many, 0, many.length), "too many blocks");
        byte[] noPrimaryHeader = {(byte) 0x80, 0, 0, 0};
        assertFalse(p.parse(noPrimaryHeader, 0, 4), "headers never end");
        assertTrue(p.parse(ok, 0, n), "the well-formed one still parses after failures");
        assertEquals(2, p.blocks());
    }

    @Test
    void offsetsAndLengthsTheHeaderCannotCarryAreRefusedOnWrite() {
        byte[] out = new byte[3000];
        assertThrows(IllegalArgumentException.class, () -> RedPacket.write(out, 0, 0, new byte[10], 0, 10, 1 << 14, new byte[10], 0, 10));
        assertThrows(IllegalArgumentException.class, () -> RedPacket.write(out, 0, 0, new byte[1024], 0, 1024, 160, new byte[10], 0, 10));
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
