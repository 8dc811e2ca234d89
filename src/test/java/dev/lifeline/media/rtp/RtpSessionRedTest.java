package dev.lifeline.media.rtp;

import static dev.lifeline.media.rtp.RtpTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.testutil.Goertzel;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 2198 redundancy on a G.711 session: what goes out, what a lost packet's successor gives back, what is refused. */
class RtpSessionRedTest {
    static final int RED = 100;
    RtpPortPool pool;
    RtpSession a;

    @BeforeEach
    void open() {
        pool = new RtpPortPool(HOST, 35000, 35999);
        a = pool.open();
    }

    @AfterEach
    void close() { pool.close(); }

    private static byte[] pcmu(int t, double hz) { return Codec.PCMU.encode(sine(hz, 8000, t * 160L)); }

    private static byte[] red(byte[] previous, byte[] primary) {
        byte[] out = new byte[400];
        int n = RedPacket.write(out, 0, 0, previous, 0, previous == null ? 0 : previous.length, 160, primary, 0, primary.length);
        return Arrays.copyOf(out, n);
    }

    @Test
    void sentPacketsCarryThePreviousFrameAsTheRedundantBlock() throws Exception {
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(HOST, 0))) {
            peer.setSoTimeout(2000);
            a.setRemote(new InetSocketAddress(HOST, peer.getLocalPort()));
            a.configure(Codec.PCMU, 101);
            a.red(RED);
            for (int t = 0; t < 5; t++) a.write(sine(1000, 8000, t * 160L));
            RtpPacket h = new RtpPacket();
            RedPacket r = new RedPacket();
            byte[] previousPrimary = null;
            long previousTs = -1;
            for (int t = 0; t < 5; t++) {
                DatagramPacket d = new DatagramPacket(new byte[1500], 1500);
                peer.receive(d);
                assertTrue(h.parse(d.getData(), d.getLength()));
                assertEquals(RED, h.payloadType, "RED payload type, not PCMU");
                assertTrue(r.parse(d.getData(), h.payloadOff, h.payloadLen));
                int p = r.primary();
                assertEquals(0, r.payloadType(p), "PCMU primary");
                assertEquals(160, r.length(p));
                byte[] primary = Arrays.copyOfRange(d.getData(), r.offset(p), r.offset(p) + 160);
                assertArrayEquals(pcmu(t, 1000), primary, "the frame of this tick");
                if (t == 0) {
                    assertEquals(1, r.blocks(), "nothing before the first frame to repeat");
                } else {
                    assertEquals(2, r.blocks());
                    assertEquals(0, r.payloadType(0));
                    assertEquals(160, r.timestampOffset(0));
                    assertEquals(h.timestamp - 160, previousTs, "offset 160 = the previous packet's timestamp");
                    assertArrayEquals(previousPrimary, Arrays.copyOfRange(d.getData(), r.offset(0), r.offset(0) + r.length(0)));
                    assertEquals(12 + 5 + 320, d.getLength(), "+165 bytes a packet");
                }
                previousPrimary = primary;
                previousTs = h.timestamp;
            }
        }
    }

    @Test
    void aLostPacketIsPlayedFromTheNextOnesRedundantBlockExactly() throws Exception {
        a.configure(Codec.PCMU, -1);
        a.red(RED);
        List<short[]> out = new ArrayList<>();
        try (var inj = new Injector(a)) {
            ticks(40, t -> {
                if (t != 20) inj.send(RED, 500 + t, 7000 + t * 160L, t == 0, red(t == 0 ? null : pcmu(t - 1, 700), pcmu(t, 700)));
                Thread.sleep(3);
                short[] f = new short[160];
                if (a.read(f)) out.add(f);
            });
        }
        assertEquals(1, a.redRecovered(), "the lost frame came from the next packet");
        assertEquals(1, a.stats().packetsLost());
        JitterBufferStats js = a.jitterBufferStats();
        assertEquals(js.underruns(), js.framesConcealed(), "nothing concealed but underruns (a late tick on a busy box): " + js);
        short[] expected20 = new short[160];
        Codec.PCMU.decode(pcmu(20, 700), 0, 160, expected20);
        assertTrue(out.stream().anyMatch(f -> Arrays.equals(f, expected20)), "frame 20 played as sent, not concealed");
        for (short[] f : out.subList(5, out.size())) assertTrue(Goertzel.dominant(f, 0, 160, 700, 0.8), "700 Hz throughout");
        assertEquals(0, a.redMalformed());
    }

    @Test
    void aRedundantBlockNeverReplacesAFrameThatArrived() throws Exception {
        a.configure(Codec.PCMU, -1);
        a.red(RED);
        List<short[]> out = new ArrayList<>();
        try (var inj = new Injector(a)) {
            ticks(30, t -> {
                // the redundant block lies (a 300 Hz frame): it must never be heard, every frame arrived
                inj.send(RED, 900 + t, 100 + t * 160L, t == 0, red(t == 0 ? null : pcmu(t - 1, 300), pcmu(t, 1000)));
                Thread.sleep(3);
                short[] f = new short[160];
                if (a.read(f)) out.add(f);
            });
        }
        assertEquals(0, a.redRecovered());
        assertFalse(out.isEmpty());
        for (short[] f : out) assertTrue(Goertzel.dominant(f, 0, 160, 1000, 0.8), "1000 Hz only, the primaries");
    }

    @Test
    void malformedRedIsCountedAndDroppedAndTheStreamGoesOn() throws Exception {
        a.configure(Codec.PCMU, 101);
        a.red(RED);
        List<short[]> out = new ArrayList<>();
        try (var inj = new Injector(a)) {
            ticks(40, t -> {
                byte[] good = red(t == 0 ? null : pcmu(t - 1, 700), pcmu(t, 700));
                byte[] bad = switch (t) {
                    case 10 -> Arrays.copyOf(good, 100);                   // the redundant block's length runs past the end
                    case 11 -> new byte[] {(byte) 0x80, 0, 0, 0, (byte) 0x80, 0, 0, 0, (byte) 0x80, 0, 0, 0, (byte) 0x80, 0, 0, 0, 0, 1};
                    case 12 -> withPt(good, 0, 18);                        // G.729 inside: not ours
                    case 13 -> withPt(good, 4, 101);                       // a telephone-event primary inside RED
                    default -> null;
                };
                inj.send(RED, 700 + t, 3000 + t * 160L, t == 0, bad != null ? bad : good);
                Thread.sleep(3);
                short[] f = new short[160];
                if (a.read(f)) out.add(f);
            });
        }
        assertEquals(4, a.redMalformed(), "each bad packet counted");
        assertEquals(1, a.redRecovered(), "frame 13 back from packet 14; 10..12 are older than the one redundant block reaches");
        for (short[] f : out.subList(out.size() - 15, out.size())) assertTrue(Goertzel.dominant(f, 0, 160, 700, 0.8), "700 Hz after the bad ones");
    }

    private static byte[] withPt(byte[] p, int at, int pt) {
        byte[] c = p.clone();
        c[at] = (byte) ((c[at] & 0x80) | pt);
        return c;
    }
}
