package dev.lifeline.dsp;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.testutil.Goertzel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The visual MWI message (MDMF 0x82, parameter 0x0B): exact octets, checksum, both modems. */
class MessageWaitingSpillTest {

    @Test
    void wireOctetsAndChecksum() {
        // type 0x82, length 3, VI parameter 0x0B length 1 value 0xFF; 0x82+3+0x0B+1+0xFF = 0x190 -> checksum 0x70
        assertArrayEquals(new byte[] {(byte) 0x82, 0x03, 0x0B, 0x01, (byte) 0xFF, 0x70}, MessageWaitingSpill.wire(true));
        // 0x82+3+0x0B+1+0x00 = 0x91 -> checksum 0x6F
        assertArrayEquals(new byte[] {(byte) 0x82, 0x03, 0x0B, 0x01, 0x00, 0x6F}, MessageWaitingSpill.wire(false));
        for (boolean on : new boolean[] {true, false}) {
            int sum = 0;
            for (byte b : MessageWaitingSpill.wire(on)) sum += b & 0xFF;
            assertEquals(0, sum & 0xFF, "all octets including the checksum sum to 0 mod 256");
        }
    }

    /** What spandsp's receiver hands over after its checksum check: the message octets without the checksum. */
    static List<byte[]> received(CallerIdStandard std, short[] spill) {
        short[] line = new short[4000 + spill.length + 4000];
        System.arraycopy(spill, 0, line, 4000, spill.length);
        long h = Native.cidRxNew0(CallerIdCodec.adsiStandard(std));
        assertNotEquals(0, h);
        try {
            Native.check(Native.cidRxProcess0(h, line, 0, line.length), "rx");
            List<byte[]> out = new ArrayList<>();
            byte[] buf = new byte[256];
            for (int n; (n = Native.check(Native.cidRxPoll0(h, buf), "poll")) > 0; ) out.add(Arrays.copyOf(buf, n));
            return out;
        } finally {
            Native.cidRxFree0(h);
        }
    }

    @Test
    void bell202AndV23SpillsCarryExactlyTheMessage() {
        for (CallerIdStandard std : new CallerIdStandard[] {CallerIdStandard.BELL202, CallerIdStandard.V23}) {
            for (boolean on : new boolean[] {true, false}) {
                short[] spill = MessageWaitingSpill.generate(std, on);
                List<byte[]> got = received(std, spill);
                assertEquals(1, got.size(), std + " one message");
                byte[] wire = MessageWaitingSpill.wire(on);
                assertArrayEquals(Arrays.copyOf(wire, wire.length - 1), got.get(0), std + " " + on + ": the octets before the checksum");
                assertEquals(Boolean.valueOf(on), MessageWaitingSpill.decode(got.get(0), got.get(0).length));
            }
        }
        short[] bell = MessageWaitingSpill.generate(CallerIdStandard.BELL202, true);
        assertTrue(Goertzel.dominant(bell, 2200, 800, 1200, 0.9), "Bell 202 mark 1200 Hz");
        short[] v23 = MessageWaitingSpill.generate(CallerIdStandard.V23, true);
        assertTrue(Goertzel.dominant(v23, 2200, 800, 1300, 0.9), "V.23 mark 1300 Hz");
    }

    @Test
    void theDecoderKeepsLampsApartFromCallerIds() {
        for (CallerIdStandard std : new CallerIdStandard[] {CallerIdStandard.BELL202, CallerIdStandard.V23}) {
            short[] on = MessageWaitingSpill.generate(std, true);
            short[] cid = CallerIdGenerator.generate(std, CallerIdFormat.MDMF, new CallerId("6000", "Reception", null));
            short[] off = MessageWaitingSpill.generate(std, false);
            short[] line = new short[on.length + cid.length + off.length + 8000];
            System.arraycopy(on, 0, line, 2000, on.length);
            System.arraycopy(cid, 0, line, 2000 + on.length, cid.length);
            System.arraycopy(off, 0, line, 2000 + on.length + cid.length, off.length);
            try (var dec = new CallerIdDecoder(std)) {
                for (int o = 0; o < line.length; o += 160) dec.process(line, o, Math.min(160, line.length - o));
                assertEquals(new CallerId("6000", "Reception", null), dec.poll(), std + ": caller ID still decoded");
                assertNull(dec.poll());
                assertEquals(Boolean.TRUE, dec.pollMessageWaiting(), std.name());
                assertEquals(Boolean.FALSE, dec.pollMessageWaiting(), std.name());
                assertNull(dec.pollMessageWaiting());
            }
        }
    }

    @Test
    void otherMessagesAreNotLamps() {
        assertNull(MessageWaitingSpill.decode(new byte[] {(byte) 0x80, 3, 2, 1, '6'}, 5), "caller ID");
        assertNull(MessageWaitingSpill.decode(new byte[] {(byte) 0x82, 3, 0x0B, 5, 0}, 5), "truncated parameter");
        assertEquals(Boolean.TRUE, MessageWaitingSpill.decode(new byte[] {(byte) 0x82, 3, 0x0B, 1, 0x01}, 5), "non-zero is on");
        assertThrows(IllegalArgumentException.class, () -> MessageWaitingSpill.generate(CallerIdStandard.DTMF, true));
    }
}
