package dev.lifeline.media.rtp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jitter buffer's use of in-band FEC, and RFC 4733 durations at Opus's 48 kHz clock, without a network. */
class WidebandJitterAndDtmfTest {
    /** Decodes a payload's first byte as a constant frame; "recovers" the previous frame as that value minus one. */
    private static final class FakeFec implements FrameDecoder {
        final List<Integer> recoveredFrom = new ArrayList<>();
        @Override public void decode(byte[] p, int off, int len, short[] frame) { java.util.Arrays.fill(frame, p[off]); }
        @Override public boolean recoverPrevious(byte[] p, int off, int len, short[] frame) {
            recoveredFrom.add((int) p[off]);
            java.util.Arrays.fill(frame, (short) (p[off] - 1));
            return true;
        }
        @Override public void close() {}
    }

    private static byte[] payload(int v) { return new byte[] {(byte) v}; }

    @Test
    void aMissingFrameIsRecoveredFromItsSuccessorOnlyWhenItIsStillDue() {
        var fec = new FakeFec();
        var jb = new JitterBuffer(null);
        short[] f = new short[160];
        jb.putAudio(10, fec, payload(10), 0, 1);
        jb.putAudio(11, fec, payload(11), 0, 1);
        jb.putAudio(13, fec, payload(13), 0, 1); // 12 lost: rebuilt from 13
        assertEquals(List.of(13), fec.recoveredFrom);
        List<Integer> played = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            assertTrue(jb.read(f));
            played.add((int) f[0]);
        }
        assertEquals(List.of(10, 11, 12, 13), played, "12 played from 13's FEC, in its place");
        assertEquals(1, jb.recovered());
        assertEquals(0, jb.stats().framesConcealed());
        jb.putAudio(12, fec, payload(12), 0, 1); // the original, too late: dropped, nothing recovered
        assertEquals(1, jb.stats().packetsLate());
        // 14 never comes and 15 arrives after 14 was already concealed: no recovery into the past
        assertTrue(jb.read(f)); // underrun at 14: concealed (silence without PLC)
        jb.putAudio(16, fec, payload(16), 0, 1);
        assertEquals(List.of(13, 16), fec.recoveredFrom, "15 was still due when 16 came: recovered; 14 was not");
    }

    @Test
    void theFirstPacketHasNothingToRecover() {
        var fec = new FakeFec();
        var jb = new JitterBuffer(null);
        jb.putAudio(500, fec, payload(1), 0, 1);
        assertTrue(fec.recoveredFrom.isEmpty());
    }

    @Test
    void telephoneEventsCountIn48kHzUnitsWithOpus() {
        var d = new DtmfSender();
        d.clock(48000);
        d.queue('5', 100);
        List<Integer> durations = new ArrayList<>();
        List<Boolean> ends = new ArrayList<>();
        long ts = 1000;
        for (int t = 0; t < 10 && (t == 0 || d.pending()); t++, ts += 960) {
            d.tick(ts, (marker, start, p) -> {
                assertEquals(1000, start, "every packet carries the event's start timestamp");
                durations.add((p[2] & 0xFF) << 8 | p[3] & 0xFF);
                ends.add((p[1] & 0x80) != 0);
            });
        }
        assertEquals(960, durations.get(0), "20 ms at 48 kHz");
        assertEquals(4800, durations.get(durations.size() - 1), "100 ms at 48 kHz");
        assertTrue(ends.get(ends.size() - 1));
    }
}
