package dev.lifeline.sip.upstream;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.sip.FreePorts;
import dev.lifeline.sip.SipHost;
import dev.lifeline.sip.session.SessionManager;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** OPTIONS probes over real loopback sockets: a SipHost as HQ, a silent socket, a closed port. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OptionsProberTest {
    // one gateway and two HQs for the class: stopping a JAIN-SIP stack takes seconds
    private SipHost gateway;
    private OptionsProber prober;
    private SipHost hq;
    private SipHost hqBusy;

    @BeforeAll
    void start() throws Exception {
        gateway = new SipHost("127.0.0.1", FreePorts.udpAndTcp(), 2);
        new SessionManager(gateway); // sessions share the response/timeout listeners with the prober
        gateway.start();
        prober = new OptionsProber(gateway);
        hq = new SipHost("127.0.0.1", FreePorts.udpAndTcp(), 2); // answers OPTIONS with 200 by itself
        hq.start();
        hqBusy = new SipHost("127.0.0.1", FreePorts.udpAndTcp(), 2);
        hqBusy.handle("OPTIONS", (h, e) -> h.respond(e, h.messages().createResponse(503, e.getRequest())));
        hqBusy.start();
    }

    @AfterAll
    void stop() {
        prober.close();
        gateway.close();
        hq.close();
        hqBusy.close();
    }

    private int startHq() { return hq.port(); }

    @Test
    void aLiveServerAnswers200() throws Exception {
        int port = startHq();
        assertEquals(200, prober.probe("127.0.0.1", port, "udp", 2_000).get(3, TimeUnit.SECONDS));
        assertEquals(200, prober.probe("127.0.0.1", port, "UDP", 500).get(3, TimeUnit.SECONDS));
        assertEquals(0, prober.inFlight());
    }

    @Test
    void tcpWorksToo() throws Exception {
        int port = startHq();
        assertEquals(200, prober.probe("127.0.0.1", port, "tcp", 2_000).get(3, TimeUnit.SECONDS));
    }

    @Test
    void anErrorResponseStillProvesTheServerIsThere() throws Exception {
        int port = hqBusy.port();
        assertEquals(503, prober.probe("127.0.0.1", port, "udp", 2_000).get(3, TimeUnit.SECONDS));
    }

    @Test
    void aSocketThatSwallowsRequestsIsAMissAndCancellingStopsRetransmissions() throws Exception {
        try (DatagramSocket black = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            assertEquals(-1, prober.probe("127.0.0.1", black.getLocalPort(), "udp", 500).get(3, TimeUnit.SECONDS));
            long took = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(took >= 450 && took < 2_500, "miss after the 500 ms timeout: " + took);
            assertEquals(0, prober.inFlight());
            black.setSoTimeout(100);
            int got = 0;
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            while (true) { // drain what was sent before the cancel (the request and maybe one retransmission)
                try { black.receive(p); got++; } catch (SocketTimeoutException e) { break; }
            }
            assertTrue(got >= 1 && got <= 3, "OPTIONS reached the socket: " + got);
            black.setSoTimeout(2_500);
            assertThrows(SocketTimeoutException.class, () -> black.receive(p), "no retransmission after cancel");
        }
    }

    @Test
    void aClosedPortIsAMiss() throws Exception {
        int nobody = FreePorts.udpAndTcp();
        assertEquals(-1, prober.probe("127.0.0.1", nobody, "udp", 500).get(3, TimeUnit.SECONDS));
        assertEquals(-1, prober.probe("127.0.0.1", nobody, "tcp", 500).get(3, TimeUnit.SECONDS));
    }

    @Test
    void otherResponseListenersStillSeeResponses() throws Exception {
        int port = startHq();
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        SipHost.ResponseListener counter = (h, e) -> seen.incrementAndGet();
        gateway.onResponses(counter);
        assertEquals(200, prober.probe("127.0.0.1", port, "udp", 2_000).get(3, TimeUnit.SECONDS));
        long end = System.currentTimeMillis() + 2_000; // listeners run one after the other on the stack thread
        while (seen.get() == 0 && System.currentTimeMillis() < end) Thread.sleep(5);
        gateway.removeResponseListener(counter);
        assertEquals(1, seen.get(), "every listener sees the response; the prober takes it by Call-ID");
    }
}
