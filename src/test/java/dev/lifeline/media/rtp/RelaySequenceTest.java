package dev.lifeline.media.rtp;

import static dev.lifeline.media.rtp.RtpTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A relayed stream keeps its losses visible: packets lost before the gateway leave the same gaps
 * in the sequence numbers the far end gets (so its jitter buffer conceals or uses the next
 * packet's FEC, instead of playing everything after a loss 20 ms early), across the 16-bit wrap,
 * and our own numbering goes on after the relayed packets when the relay stops.
 */
class RelaySequenceTest {
    private RtpPortPool pool;

    @BeforeEach
    void open() { pool = new RtpPortPool(HOST, 35000, 35999); }

    @AfterEach
    void close() { pool.close(); }

    @Test
    void gapsInTheSourceStreamStayGapsDownstream() throws Exception {
        RtpSession b = pool.open(), c = pool.open();
        try (var far = new java.net.DatagramSocket(new InetSocketAddress(HOST, 0))) {
            far.setSoTimeout(300);
            b.configure(Codec.OPUS, 111, -1, OpusParams.DEFAULT);
            c.configure(Codec.OPUS, 111, -1, OpusParams.DEFAULT);
            c.setRemote(new InetSocketAddress(HOST, far.getLocalPort()));
            int first = 65_530; // the source wraps after 6 packets
            List<Integer> lost = List.of(3, 9, 10, 17);
            try (var inj = new Injector(b)) {
                ticks(24, t -> {
                    b.relayTo(c, 200);
                    if (t < 20 && !lost.contains(t)) inj.send(111, (first + t) & 0xFFFF, 48_000L + t * 960L, t == 0, new byte[] {(byte) t, 1, 2});
                    if (t >= 20) c.write(new short[160]); // the relay has stopped: c encodes its own frames again
                });
            }
            List<Integer> seqs = new ArrayList<>(), tags = new ArrayList<>();
            byte[] buf = new byte[2000];
            try {
                while (true) {
                    var d = new java.net.DatagramPacket(buf, buf.length);
                    far.receive(d);
                    seqs.add(((buf[2] & 0xFF) << 8) | (buf[3] & 0xFF));
                    tags.add(d.getLength() == 15 ? (int) buf[12] : -1); // -1: a frame c encoded itself
                }
            } catch (java.net.SocketTimeoutException done) {
                // all in
            }
            int i0 = tags.indexOf(0);
            assertTrue(i0 >= 0, "the first relayed packet arrived: " + tags);
            int base = seqs.get(i0), relayed = 0;
            for (int i = 0; i < seqs.size(); i++) {
                int tag = tags.get(i);
                if (tag < 0) continue;
                relayed++;
                assertEquals((base + tag) & 0xFFFF, (int) seqs.get(i), "source packet " + tag + " keeps its distance from the first: " + seqs + " " + tags);
            }
            assertEquals(20 - lost.size(), relayed, "every packet that came was relayed");
            // after the relay, c's own frames continue after the last relayed number (19), nothing reused
            int lastRelayed = (base + 19) & 0xFFFF;
            for (int i = 0; i < seqs.size(); i++) {
                if (tags.get(i) >= 0 || i < i0) continue;
                int ahead = (seqs.get(i) - lastRelayed) & 0xFFFF;
                assertTrue(ahead > 0 && ahead < 10, "own frame numbered after the relayed ones: " + seqs + " " + tags);
            }
        }
    }
}
