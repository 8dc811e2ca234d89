package dev.lifeline.media.rtp;

import static dev.lifeline.media.rtp.RtpTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.media.sdp.MediaDirection;
import dev.lifeline.store.RtpStats;
import dev.lifeline.testutil.Goertzel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Tag("serial") // its jitter bound (< 3 ms) is about this process, not a neighbour's load
class RtpSessionTest {
    RtpPortPool pool;
    RtpSession a, b;

    @BeforeEach
    void open() {
        pool = new RtpPortPool(HOST, 34000, 34999);
        a = pool.open();
        b = pool.open();
    }

    @AfterEach
    void close() { pool.close(); }

    private void connect() {
        a.setRemote(addr(b));
        b.setRemote(addr(a));
    }

    /** Both sides write a tone every tick; returns what b read from tick {@code from} on. */
    private List<short[]> talk(int ticks, int from) throws Exception {
        List<short[]> heard = new ArrayList<>();
        ticks(ticks, t -> {
            a.write(sine(1000, 8000, t * 160L));
            b.write(sine(1000, 8000, t * 160L));
            short[] f = new short[160];
            boolean got = b.read(f);
            a.read(new short[160]);
            if (t >= from) {
                assertTrue(got, "frame at tick " + t);
                heard.add(f);
            }
        });
        return heard;
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void toneCrossesAsTone(Codec codec) throws Exception {
        connect();
        a.configure(codec, -1);
        b.configure(codec, -1);
        List<short[]> heard = talk(40, 5);
        for (short[] f : heard) assertTrue(Goertzel.dominant(f, 0, 160, 1000, 0.9), "1 kHz dominates");
        Thread.sleep(50);
        RtpStats s = b.stats();
        assertEquals(40, a.stats().packetsSent());
        assertEquals(40, s.packetsReceived());
        assertEquals(0, s.packetsLost());
        // G.722/Opus: the first frames also JIT-compile the resampler, which can hold one packet back a few ms on a busy box
        assertTrue(s.jitterMs() < (codec.wideband() ? 10 : 3), "loopback jitter ~0: " + s.jitterMs());
        System.out.printf("%s: b stats %s, jitter buffer %s%n", codec, s, b.jitterBufferStats());
    }

    @Test
    void latchesToTheRealSource() throws Exception {
        b.setRemote(addr(a));
        a.setRemote(new InetSocketAddress(HOST, 9)); // what the SDP said: wrong (NAT)
        ticks(5, t -> b.write(sine(1000, 8000, t * 160L)));
        Thread.sleep(20);
        assertEquals(addr(b), a.remote(), "latched to the real source");
        List<short[]> heard = new ArrayList<>();
        ticks(20, t -> {
            a.write(sine(1000, 8000, t * 160L));
            short[] f = new short[160];
            if (b.read(f)) heard.add(f);
        });
        assertTrue(heard.size() >= 15, "b hears a: " + heard.size());
        assertTrue(Goertzel.dominant(heard.get(heard.size() - 1), 0, 160, 1000, 0.9));
        try (var stranger = new Injector(a)) { // after latching, other sources are ignored
            stranger.send(0, 1, 160, false, new byte[160]);
        }
        Thread.sleep(20);
        assertEquals(1, a.foreignPackets());
    }

    @Test
    void reorderedPacketsPlayInOrderAndALostOneIsConcealed() throws Exception {
        Codec c = Codec.PCMU;
        List<short[]> out = new ArrayList<>();
        List<Boolean> ok = new ArrayList<>();
        try (var inj = new Injector(a)) {
            ticks(30, t -> {
                int[] seqs = switch (t) {
                    case 10 -> new int[] {11, 10}; // swapped within a tick
                    case 11 -> new int[] {};
                    case 20 -> new int[] {21};     // 20 never comes
                    case 21 -> new int[] {};
                    default -> new int[] {t};
                };
                for (int s : seqs) inj.send(0, 1000 + s, 5000 + s * 160L, s == 0, c.encode(sine(400, 8000, s * 160L)));
                Thread.sleep(3);
                short[] f = new short[160];
                ok.add(a.read(f));
                out.add(f);
            });
        }
        // find the frame that carried seq 10 and check 11 follows it sample-exactly
        short[] expected10 = new short[160], expected11 = new short[160];
        c.decode(c.encode(sine(400, 8000, 10 * 160L)), 0, 160, expected10);
        c.decode(c.encode(sine(400, 8000, 11 * 160L)), 0, 160, expected11);
        int i10 = indexOf(out, expected10);
        assertTrue(i10 >= 0, "seq 10 played");
        assertArrayEquals(expected11, out.get(i10 + 1), "seq 11 right after 10");
        JitterBufferStats js = a.jitterBufferStats();
        assertEquals(1, js.framesConcealed(), "one concealed frame: " + js);
        // the concealed frame is the one after seq 19: it has energy like its neighbours
        short[] expected19 = new short[160];
        c.decode(c.encode(sine(400, 8000, 19 * 160L)), 0, 160, expected19);
        int i19 = indexOf(out, expected19);
        short[] concealed = out.get(i19 + 1);
        assertTrue(ok.get(i19 + 1));
        double e = Goertzel.energy(concealed, 0, 160), normal = Goertzel.energy(expected19, 0, 160);
        assertTrue(e > 0.2 * normal, "PLC, not silence: energy " + e + " vs " + normal);
        assertEquals(1, a.stats().packetsLost());
        assertEquals(29, a.stats().packetsReceived());
    }

    @Test
    void aLostOpusPacketIsRebuiltFromTheNextOnesFec() throws Exception {
        a.configure(Codec.OPUS, 111, -1, OpusParams.DEFAULT);
        List<short[]> out = new ArrayList<>();
        try (var inj = new Injector(a);
             var enc = Codec.OPUS.openEncoder(new OpusParams(24000, 5, true, 20, 0))) {
            byte[] p = new byte[1500];
            ticks(40, t -> {
                int n = enc.encode(sine(700, 8000, t * 160L), p, 0);
                if (t != 20) inj.send(111, 500 + t, 7000 + t * 960L, t == 0, java.util.Arrays.copyOf(p, n)); // 20 is lost
                Thread.sleep(3);
                short[] f = new short[160];
                if (a.read(f)) out.add(f);
            });
        }
        assertEquals(1, a.fecRecovered(), "the frame of the lost packet came from the next one's FEC");
        JitterBufferStats js = a.jitterBufferStats();
        assertEquals(js.underruns(), js.framesConcealed(), "nothing concealed but underruns (a late tick on a busy box): " + js);
        assertEquals(1, a.stats().packetsLost());
        for (short[] f : out.subList(5, out.size())) assertTrue(Goertzel.dominant(f, 0, 160, 700, 0.8), "700 Hz throughout");
    }

    @Test
    void garbageOpusOrG722FromTheNetworkIsSurvivedAndTheStreamRecovers() throws Exception {
        for (Codec codec : List.of(Codec.OPUS, Codec.G722)) {
            int pt = codec == Codec.OPUS ? 111 : 9;
            RtpSession s = pool.open();
            s.configure(codec, pt, -1, OpusParams.DEFAULT);
            var rnd = new java.util.Random(1);
            List<short[]> out = new ArrayList<>();
            try (var inj = new Injector(s); var enc = codec.openEncoder(OpusParams.DEFAULT)) {
                for (int i = 0; i < 300; i++) { // random payloads of any size, including empty and over-long
                    byte[] junk = new byte[rnd.nextInt(1500)];
                    rnd.nextBytes(junk);
                    inj.send(pt, i, i * (long) codec.timestampStep(), false, junk);
                }
                byte[] p = new byte[1500];
                ticks(40, t -> {
                    int n = enc.encode(sine(700, 8000, t * 160L), p, 0);
                    inj.send(pt, 1000 + t, 500_000 + t * (long) codec.timestampStep(), t == 0, java.util.Arrays.copyOf(p, n));
                    Thread.sleep(3);
                    short[] f = new short[160];
                    if (s.read(f)) out.add(f);
                });
            }
            assertFalse(s.isClosed());
            assertTrue(out.size() > 20, codec + ": valid packets play after the garbage: " + out.size());
            short[] last = out.get(out.size() - 1);
            assertTrue(Goertzel.dominant(last, 0, 160, 700, 0.8), codec + ": the tone, not noise, after the garbage");
            System.out.printf("%s: %d garbage packets dropped as malformed%n", codec, s.malformedPackets());
            s.close();
        }
    }

    @Test
    void opusTimestampsCountAt48kHz() throws Exception {
        connect();
        a.configure(Codec.OPUS, 111, -1, OpusParams.DEFAULT);
        b.configure(Codec.OPUS, 111, -1, OpusParams.DEFAULT);
        talk(20, 5);
        Thread.sleep(30);
        RtpStats s = b.stats();
        assertEquals(20, s.packetsReceived());
        // counted with an 8 kHz clock, 960-unit timestamp steps would read as ~100 ms of jitter
        assertTrue(s.jitterMs() < 10, "jitter in ms with a 48 kHz clock: " + s.jitterMs());
    }

    @Test
    void relayedPacketsKeepTheirPayloadBytesAndNothingIsEncoded() throws Exception {
        // a -> [b relays into c] -> far: b receives a's Opus, c sends it on as its own stream
        RtpSession c = pool.open();
        try (var far = new java.net.DatagramSocket(new InetSocketAddress(HOST, 0));
             var enc = Codec.OPUS.openEncoder(OpusParams.DEFAULT)) {
            far.setSoTimeout(200);
            a.setRemote(addr(b));
            b.configure(Codec.OPUS, 111, -1, OpusParams.DEFAULT);
            c.configure(Codec.OPUS, 109, -1, OpusParams.DEFAULT); // the far side agreed another payload type
            c.setRemote(new InetSocketAddress(HOST, far.getLocalPort()));
            List<byte[]> sent = new ArrayList<>();
            try (var inj = new Injector(b)) {
                byte[] p = new byte[1500];
                ticks(30, t -> {
                    b.relayTo(c, 100);                       // what the other leg's media tick does
                    c.write(new short[160]);                 // the engine tick still runs
                    int n = enc.encode(sine(600, 8000, t * 160L), p, 0);
                    byte[] payload = java.util.Arrays.copyOf(p, n);
                    sent.add(payload);
                    inj.send(111, 100 + t, 48000 + t * 960L, t == 0, payload);
                });
            }
            List<byte[]> got = new ArrayList<>();
            List<Integer> pts = new ArrayList<>();
            byte[] buf = new byte[2000];
            try {
                while (true) {
                    var d = new java.net.DatagramPacket(buf, buf.length);
                    far.receive(d);
                    pts.add(buf[1] & 0x7F);
                    got.add(java.util.Arrays.copyOfRange(buf, 12, d.getLength()));
                }
            } catch (java.net.SocketTimeoutException done) {
                // all in
            }
            int relayed = 0;
            for (int i = 0; i < got.size(); i++) {
                byte[] g = got.get(i);
                if (pts.get(i) == 109 && sent.stream().anyMatch(x -> java.util.Arrays.equals(x, g))) relayed++;
            }
            assertTrue(relayed >= 28, "payloads relayed byte for byte on c's payload type: " + relayed + " of 30");
            assertEquals(relayed, c.packetsRelayed());
            assertTrue(c.framesEncoded() <= 2, "c encodes only until the first relayed packet: " + c.framesEncoded());
            assertEquals(0, b.jitterBufferStats().framesPlayed(), "relayed packets skip b's jitter buffer");
            assertEquals(30, b.stats().packetsReceived(), "b's reception statistics still count them");
        }
    }

    private static int indexOf(List<short[]> frames, short[] f) {
        for (int i = 0; i < frames.size(); i++) if (java.util.Arrays.equals(frames.get(i), f)) return i;
        return -1;
    }

    @Test
    void rtcpReportsGiveRoundTrip() throws Exception {
        connect();
        a.setRtcpInterval(100);
        b.setRtcpInterval(100);
        talk(60, 10);
        assertTrue(a.rtcpReportsReceived() > 0, "reports arrived");
        RtpStats s = a.stats();
        assertTrue(s.rttMs() > 0 && s.rttMs() < 50, "RTT on loopback: " + s.rttMs());
        System.out.println("RTT a=" + s.rttMs() + " ms, b=" + b.stats().rttMs() + " ms");
    }

    @Test
    void everyDtmfDigitIsReportedExactlyOnce() throws Exception {
        connect();
        a.configure(Codec.PCMA, 101);
        b.configure(Codec.PCMA, 101);
        List<Character> got = new CopyOnWriteArrayList<>();
        b.onDtmf(got::add);
        String all = "0123456789*#ABCD";
        for (char d : all.toCharArray()) a.sendDtmf(d, 60);
        ticks(all.length() * 7 + 10, t -> {
            a.write(sine(1000, 8000, t * 160L));
            b.read(new short[160]);
        });
        Thread.sleep(50);
        StringBuilder sb = new StringBuilder();
        got.forEach(sb::append);
        assertEquals(all, sb.toString());
        assertThrows(IllegalArgumentException.class, () -> a.sendDtmf('x', 100));
        b.configure(Codec.PCMA, -1);
        assertThrows(IllegalStateException.class, () -> b.sendDtmf('1', 100));
    }

    @Test
    void directionControlsSending() throws Exception {
        connect();
        a.setDirection(MediaDirection.INACTIVE);
        ticks(5, t -> a.write(new short[160]));
        a.setDirection(MediaDirection.RECVONLY);
        ticks(5, t -> a.write(new short[160]));
        Thread.sleep(20);
        assertEquals(0, a.stats().packetsSent());
        assertEquals(0, b.stats().packetsReceived());
        a.setDirection(MediaDirection.SENDONLY);
        ticks(5, t -> a.write(new short[160]));
        Thread.sleep(20);
        assertEquals(5, b.stats().packetsReceived());
    }

    @Test
    void malformedPacketsAreCountedNotThrown() throws Exception {
        try (var inj = new Injector(a)) {
            inj.raw(new byte[5]);                                   // too short
            byte[] v1 = new byte[172];
            RtpPacket.writeHeader(v1, false, 0, 1, 160, 1);
            v1[0] = 0x40;                                           // version 1
            inj.raw(v1);
            inj.send(99, 2, 320, false, new byte[160]);            // payload type we do not speak
            byte[] badPad = new byte[20];
            RtpPacket.writeHeader(badPad, false, 0, 3, 480, 1);
            badPad[0] |= 0x20;
            badPad[19] = (byte) 200;                                // padding longer than the packet
            inj.raw(badPad);
            inj.send(0, 4, 640, true, new byte[160]);               // and a good one still works
        }
        Thread.sleep(50);
        assertEquals(4, a.malformedPackets());
        assertEquals(1, a.stats().packetsReceived());
    }

    @Test
    void poolExhaustionIsClearAndCloseFreesPorts() {
        try (var small = new RtpPortPool(HOST, 35100, 35105)) {
            assertEquals(3, small.capacity());
            List<RtpSession> s = new ArrayList<>();
            for (int i = 0; i < 3; i++) s.add(small.open());
            assertTrue(s.stream().allMatch(x -> x.localPort() % 2 == 0));
            var e = assertThrows(RtpPortsExhaustedException.class, small::open);
            assertTrue(e.getMessage().contains("no free RTP port pair in 35100-35105"), e.getMessage());
            s.get(1).close();
            s.get(1).close(); // idempotent
            // the pair is free once the receive loop has dropped the closed sockets' keys (its next
            // turn); close() itself does not wait for that
            long end = System.nanoTime() + 2_000_000_000L;
            while (small.inUse() != 2 && System.nanoTime() < end) Thread.onSpinWait();
            assertEquals(2, small.inUse());
            RtpSession again = small.open();
            assertEquals(s.get(1).localPort(), again.localPort());
        }
        assertThrows(IllegalArgumentException.class, () -> new RtpPortPool(HOST, 40001, 40001));
    }
}
