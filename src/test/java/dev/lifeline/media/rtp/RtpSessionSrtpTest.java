package dev.lifeline.media.rtp;

import static dev.lifeline.media.rtp.RtpTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.dsp.Srtp;
import dev.lifeline.testutil.Goertzel;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RTP sessions with SRTP: audio and RTCP cross protected; clear, tampered or wrongly keyed packets are dropped and counted. */
class RtpSessionSrtpTest {
    static final Srtp.Suite SUITE = Srtp.Suite.AES_CM_128_HMAC_SHA1_80;
    final byte[] keyA = key(1), keyB = key(2);
    RtpPortPool pool;
    RtpSession a, b;

    static byte[] key(int seed) {
        byte[] k = new byte[SUITE.keyLength()];
        for (int i = 0; i < k.length; i++) k[i] = (byte) (seed * 31 + i);
        return k;
    }

    @BeforeEach
    void open() {
        pool = new RtpPortPool(HOST, 35000, 35999);
        a = pool.open();
        b = pool.open();
        a.setRemote(addr(b));
        b.setRemote(addr(a));
        a.setSrtp(Srtp.outbound(SUITE, keyA), Srtp.inbound(SUITE, keyB));
        b.setSrtp(Srtp.outbound(SUITE, keyB), Srtp.inbound(SUITE, keyA));
        a.setRtcpInterval(200);
        b.setRtcpInterval(200);
    }

    @AfterEach
    void close() { pool.close(); }

    @Test
    void toneAndRtcpCrossProtected() throws Exception {
        List<short[]> heard = new ArrayList<>();
        ticks(60, t -> {
            a.write(sine(1000, 8000, t * 160L));
            b.write(sine(1000, 8000, t * 160L));
            short[] f = new short[160];
            boolean got = b.read(f);
            a.read(new short[160]);
            if (t >= 5 && got) heard.add(f);
        });
        assertTrue(heard.size() >= 50, "frames heard: " + heard.size());
        for (short[] f : heard) assertTrue(Goertzel.dominant(f, 0, 160, 1000, 0.9), "1 kHz dominates");
        assertTrue(a.isSecure() && b.isSecure());
        assertEquals(0, b.srtpAuthFailures());
        assertEquals(0, b.malformedPackets());
        assertTrue(b.rtcpReportsReceived() > 0 || a.rtcpReportsReceived() > 0, "SRTCP reports understood");
    }

    @Test
    void clearAndWronglyKeyedPacketsAreDroppedCountedAndNeverPlayed() throws Exception {
        byte[] clear = new byte[12 + 160];
        clear[0] = (byte) 0x80;
        clear[8] = 1;
        try (DatagramSocket s = new DatagramSocket(0, addr(a).getAddress());
             Srtp wrong = Srtp.outbound(SUITE, key(3))) {
            for (int i = 0; i < 20; i++) {
                clear[3] = (byte) i;
                java.util.Arrays.fill(clear, 12, 172, (byte) 0x55);
                s.send(new DatagramPacket(clear, 172, addr(b)));
                byte[] p = java.util.Arrays.copyOf(clear, 172 + Srtp.MAX_OVERHEAD);
                p[3] = (byte) (100 + i);
                int n = wrong.protectRtp(p, 172);
                s.send(new DatagramPacket(p, n, addr(b)));
            }
            Thread.sleep(100);
        }
        assertEquals(40, b.srtpAuthFailures(), "every clear or wrongly keyed packet refused");
        assertFalse(b.read(new short[160]), "nothing to play");
        assertEquals(addr(a), b.remote(), "a refused packet does not latch the remote address");
    }

    @Test
    void mandatoryWithoutKeysSendsAndTakesNothing() throws Exception {
        RtpSession c = pool.open();
        try (DatagramSocket s = new DatagramSocket(0, addr(a).getAddress())) {
            s.setSoTimeout(200);
            c.requireSrtp(true);
            c.setRemote(new InetSocketAddress(addr(a).getAddress(), s.getLocalPort()));
            for (int i = 0; i < 5; i++) c.write(sine(1000, 8000, i * 160L));
            assertThrows(java.net.SocketTimeoutException.class, () -> s.receive(new DatagramPacket(new byte[2048], 2048)),
                    "no clear RTP before the keys");
        }
    }
}
