package dev.lifeline.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;

class RtpPortPoolTest {
    /** A fax's UDPTL port comes from the RTP range (one firewall rule), is held while used and given back after. */
    @Test
    void aReservedPortIsFromTheRangeHeldUntilClosedAndCarriesDatagrams() throws Exception {
        int base = 40000 + (int) (ProcessHandle.current().pid() % 500) * 20;
        try (RtpPortPool pool = new RtpPortPool("127.0.0.1", base, base + 3)) { // two pairs
            RtpSession call = pool.open();
            RtpPortPool.Reserved image = call.reserveImagePort();
            assertTrue(image.port() >= base && image.port() <= base + 3, "in the range: " + image.port());
            assertNotEquals(call.localPort(), image.port());
            assertThrows(RtpPortsExhaustedException.class, pool::open, "both pairs held");
            try (DatagramChannel peer = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
                peer.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), new InetSocketAddress("127.0.0.1", image.port()));
                ByteBuffer in = ByteBuffer.allocate(16);
                long end = System.nanoTime() + 2_000_000_000L;
                while (image.channel().receive(in) == null && System.nanoTime() < end) Thread.sleep(5);
                assertEquals(3, in.position(), "the reserved channel receives");
            }
            image.close();
            RtpSession next = pool.open();
            assertEquals(image.port(), next.localPort(), "given back: the next call may take it");
            next.close();
            call.close();
        }
    }
}
