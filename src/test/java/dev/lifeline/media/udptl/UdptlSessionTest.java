package dev.lifeline.media.udptl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * UdptlSession on real loopback sockets: in-order delivery, recovery of lost packets from the
 * redundancy of later ones, duplicates and late packets dropped, strangers and garbage counted,
 * datagrams kept within the far end's maximum.
 */
class UdptlSessionTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();

    private record Got(int seq, byte[] ifp) {}

    /** Receives until {@code n} IFPs arrived or 2 s passed (loopback delivery is immediate; this only guards a slow machine). */
    private static List<Got> receive(UdptlSession s, int n) throws Exception {
        List<Got> got = new ArrayList<>();
        long end = System.nanoTime() + 2_000_000_000L;
        do {
            if (s.receive((seq, ifp) -> got.add(new Got(seq, ifp))) == 0 && got.size() < n) Thread.sleep(1);
        } while (got.size() < n && System.nanoTime() < end);
        return got;
    }

    private static byte[] ifp(int i) { return new byte[] {(byte) 0xc0, (byte) i, (byte) (i >> 8)}; }

    @Test
    void ifpsArriveInOrderAndLossesAreRecoveredFromRedundancy() throws Exception {
        try (UdptlSession b = new UdptlSession("b", new InetSocketAddress(LO, 0), 3, 1400);
             UdptlSession a = new UdptlSession("a", new InetSocketAddress(LO, 0), b.localAddress(), 3, 1400)) {
            b.peer(a.localAddress());
            a.simulateLoss(0.1, 42); // depth 3: only 4 drops in a row (p = 1e-4) would lose one
            List<Got> got = new ArrayList<>();
            for (int i = 0; i < 504; i++) {
                if (i == 500) a.simulateLoss(0, 0); // clean packets carry the tail's redundancy
                assertTrue(a.send(ifp(i)));
                if (i % 10 == 9) got.addAll(receive(b, 0)); // drained as a 20 ms tick would, not 500 at once
            }
            got.addAll(receive(b, 504 - got.size()));
            assertEquals(504, got.size(), "every IFP delivered");
            for (int i = 0; i < 504; i++) {
                assertEquals(i, got.get(i).seq());
                assertArrayEquals(ifp(i), got.get(i).ifp(), "IFP " + i);
            }
            UdptlSession.Stats s = b.stats();
            assertEquals(a.stats().simulatedDrops(), s.recovered(), "each dropped packet came back from redundancy");
            assertTrue(s.recovered() > 25, "recovered " + s.recovered());
            assertEquals(0, s.lost());
        }
    }

    @Test
    void withoutRedundancyEveryDropIsALoss() throws Exception {
        try (UdptlSession b = new UdptlSession("b", new InetSocketAddress(LO, 0), 0, 1400);
             UdptlSession a = new UdptlSession("a", new InetSocketAddress(LO, 0), b.localAddress(), 0, 1400)) {
            b.peer(a.localAddress());
            a.simulateLoss(0.1, 42);
            List<Got> got = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                a.send(ifp(i));
                if (i % 10 == 9) got.addAll(receive(b, 0));
            }
            a.simulateLoss(0, 0);
            a.send(ifp(200));
            long drops = a.stats().simulatedDrops();
            got.addAll(receive(b, (int) (201 - drops - got.size())));
            assertTrue(drops > 5);
            assertEquals(201 - drops, got.size());
            assertEquals(drops, b.stats().lost());
            assertEquals(0, b.stats().recovered());
        }
    }

    @Test
    void repeatedDatagramsAreDeliveredOnce() throws Exception {
        try (UdptlSession b = new UdptlSession("b", new InetSocketAddress(LO, 0), 2, 1400);
             UdptlSession a = new UdptlSession("a", new InetSocketAddress(LO, 0), b.localAddress(), 2, 1400)) {
            b.peer(a.localAddress());
            a.send(ifp(0), 3);
            a.send(ifp(1), 1);
            List<Got> got = receive(b, 2);
            Thread.sleep(20);
            got.addAll(receive(b, 0));
            assertEquals(List.of(0, 1), got.stream().map(Got::seq).toList());
            assertEquals(4, a.stats().sent(), "datagrams");
            assertEquals(2, b.stats().duplicates());
        }
    }

    @Test
    void beforeThePeerIsKnownNothingIsTakenOrSent() throws Exception {
        try (DatagramChannel other = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
             UdptlSession s = new UdptlSession("s", new InetSocketAddress(LO, 0), 2, 400)) {
            send(other, s.localAddress(), UdptlPacket.of(0, ifp(0), List.of()));
            assertEquals(0, receive(s, 1).size());
            assertEquals(1, s.stats().foreign());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> s.send(ifp(1)));
        }
    }

    @Test
    void duplicatesLateOnesStrangersAndGarbageAreDroppedAndCounted() throws Exception {
        try (DatagramChannel peer = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
             DatagramChannel stranger = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
             UdptlSession s = new UdptlSession("s", new InetSocketAddress(LO, 0), (InetSocketAddress) peer.getLocalAddress(), 2, 1400)) {
            InetSocketAddress to = s.localAddress();
            send(peer, to, UdptlPacket.of(0, ifp(0), List.of()));
            send(peer, to, UdptlPacket.of(3, ifp(3), List.of(ifp(2), ifp(1))));  // 1 and 2 lost, both in its redundancy
            send(peer, to, UdptlPacket.of(3, ifp(3), List.of(ifp(2), ifp(1))));  // a repeat
            send(peer, to, UdptlPacket.of(1, ifp(1), List.of(ifp(0))));          // late
            peer.send(ByteBuffer.wrap(new byte[] {0, 4, (byte) 0xbf}), to);        // garbage
            send(stranger, to, UdptlPacket.of(4, ifp(99), List.of()));           // not the peer
            send(peer, to, UdptlPacket.of(10, ifp(10), List.of(ifp(9), ifp(8)))); // 4..7 lost for good
            List<Got> got = receive(s, 7);
            assertEquals(List.of(0, 1, 2, 3, 8, 9, 10), got.stream().map(Got::seq).toList());
            assertArrayEquals(ifp(2), got.get(2).ifp());
            UdptlSession.Stats st = s.stats();
            assertEquals(2, st.duplicates());
            assertEquals(1, st.malformed());
            assertEquals(1, st.foreign());
            assertEquals(4, st.lost());
            assertEquals(4, st.recovered());
        }
    }

    private static void send(DatagramChannel ch, InetSocketAddress to, UdptlPacket p) throws IOException {
        ch.send(ByteBuffer.wrap(p.encode()), to);
    }

    @Test
    void redundancyIsCutToTheFarEndsMaximumDatagram() throws Exception {
        try (DatagramChannel peer = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
             UdptlSession s = new UdptlSession("s", new InetSocketAddress(LO, 0), (InetSocketAddress) peer.getLocalAddress(), 5, 300)) {
            byte[] big = new byte[100];
            big[0] = (byte) 0xc0;
            for (int i = 0; i < 6; i++) assertTrue(s.send(big));
            assertFalse(s.send(new byte[400]), "an IFP that cannot fit alone is refused");
            ByteBuffer buf = ByteBuffer.allocate(2048);
            int maxSecondaries = 0;
            for (int i = 0; i < 6; i++) {
                buf.clear();
                peer.receive(buf);
                buf.flip();
                assertTrue(buf.limit() <= 300, "datagram of " + buf.limit());
                UdptlPacket p = UdptlPacket.decode(buf.array(), 0, buf.limit());
                maxSecondaries = Math.max(maxSecondaries, p.secondary().size());
            }
            assertEquals(1, maxSecondaries, "2 + 2 + 100 + 1 + 1 + 2 × 102 > 300: one secondary fits");
        }
    }
}
