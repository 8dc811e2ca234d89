package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.sip.FreePorts;
import dev.lifeline.sip.SipHost;
import dev.lifeline.sip.session.CallSession;
import dev.lifeline.sip.session.OutgoingInvite;
import dev.lifeline.sip.session.SessionListener;
import dev.lifeline.sip.session.SessionManager;
import dev.lifeline.sip.session.SipParty;
import dev.lifeline.survival.Mode;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Which HQ server the gateway uses, and whom HQ's calls ring (issue 10 §4), against real peers:
 * two HQ servers where hq1 is dead (a bound UDP socket that never answers: what a dead host
 * behind a working WAN looks like) and hq2 is Kamailio; and an HQ stand-in on its own SIP stack
 * calling one contact of a user with two bindings.
 */
@Tag("e2e")
class HqChoiceE2ETest {
    private static final String REALM = "demo-branch";

    /** The demo site with two HQ servers: hq1 (priority 1) on {@code deadPort}, hq2 (priority 2) on {@code hq2Port}. */
    static UnaryOperator<String> twoServers(int deadPort, int hq2Port) {
        return s -> HqSite.viaHq(s).replace("# no upstream (HQ) and no controller: the demo gateway runs stand-alone", """
                upstream:
                  servers:
                    - { host: 127.0.0.1, port: %d, priority: 1 }
                    - { host: 127.0.0.1, port: %d, priority: 2 }
                  domain: 127.0.0.1
                  register-expires: 600
                survival: { probe-interval: 1s, probe-misses: 3, probe-timeout: 500ms, hold-down: 2s }
                """.formatted(deadPort, hq2Port));
    }

    @Test
    void withHq1DeadAndHq2UpRegistrationsLinesAndCallsGoToHq2WithoutWaitingOnHq1() throws Exception {
        try (DatagramSocket dead = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             KamailioHq hq2 = KamailioHq.start(REALM);
             TestGateway gw = TestGateway.start("demo.yaml", twoServers(dead.getLocalPort(), hq2.port()))) {
            // the lines: their first REGISTER leaves before any probe said anything and meets hq1; once
            // hq1 misses its probe they move to hq2 without waiting out the 4 s timeout
            long started = System.nanoTime();
            UpstreamE2ETest.awaitRegistered(gw, 4);
            long linesMs = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("hq-choice: 4 lines registered at hq2 %d ms after the gateway started%n", linesMs);
            assertTrue(linesMs < 3_000, "lines registered in " + linesMs + " ms, not after hq1's 4 s timeout");
            for (Map<String, Object> r : gw.gateway().upstreamRegistrations()) {
                assertEquals("127.0.0.1:" + hq2.port(), r.get("server"), "line registered at hq2: " + r);
            }
            assertEquals(Mode.NORMAL, gw.gateway().mode(), "hq2 answers: the branch stays NORMAL");

            // a phone's REGISTERs (401 from HQ, then 200) are forwarded to hq2 each time, at once
            int phonePort = FreePorts.udpAndTcp();
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                SipCallE2ETest.register("7000", "lifeline7000", phonePort, gw);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("hq-choice: phone REGISTER %d (401 + 200 via the gateway) took %d ms%n", i + 1, ms);
                assertTrue(ms < 2_000, "REGISTER " + (i + 1) + " answered in " + ms + " ms (hq1's timeout is 4 s)");
            }
            assertTrue(hq2.requests("REGISTER", "7000").size() >= 6, "every REGISTER reached hq2 (challenge + answer, 3 times)\n"
                    + hq2.log());
            assertEquals("hq", RegisterViaHqE2ETest.via(gw, "7000"), "a shadow of hq2's binding");

            // a call from fxs1 via HQ goes to hq2, which rings fxs2 (6001, registered there) back through the gateway
            VirtualPhone a = gw.phone("fxs1");
            VirtualPhone b = gw.phone("fxs2");
            long t0 = System.nanoTime();
            TestGateway.liftAndDial(a, "6001");
            assertTrue(b.awaitRinging(Duration.ofSeconds(3)), "fxs2 rings through hq2\n" + hq2.log());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("hq-choice: fxs2 rang %d ms after fxs1 went off-hook to dial 6001 via hq2%n", ms);
            assertFalse(hq2.requests("INVITE", "6000").isEmpty(), "the INVITE went to hq2\n" + hq2.log());
            assertTrue(ms < 3_000, "no 3 s wait on hq1 first: rang after " + ms + " ms (dialling included)");
            a.onHook();
        }
    }

    @Test
    void aCallFromHqAddressedToOneContactRingsOnlyThatOne() throws Exception {
        int hqPort = FreePorts.udpAndTcp();
        SipHost hqHost = new SipHost("127.0.0.1", hqPort, 2);
        SessionManager hq = new SessionManager(hqHost);
        hqHost.handle(Request.OPTIONS, (h, e) -> { }); // HQ "down" for the probes: the branch registers its phones itself
        hqHost.start();
        int portA = FreePorts.udpAndTcp();
        int portB = FreePorts.udpAndTcp();
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s.replace(
                "# no upstream (HQ) and no controller: the demo gateway runs stand-alone", """
                upstream:
                  servers: [ { host: 127.0.0.1, port: %d } ]
                survival: { probe-interval: 1s, probe-misses: 2, probe-timeout: 300ms, hold-down: 60s }
                """.formatted(hqPort)))) {
            UpstreamE2ETest.awaitTrue("SURVIVAL", 6_000, () -> gw.gateway().mode() == Mode.SURVIVAL);
            SipCallE2ETest.register("7000", "lifeline7000", portA, gw, 1);
            SipCallE2ETest.register("7000", "lifeline7000", portB, gw, 2);
            Phone a = new Phone(portA);
            Phone b = new Phone(portB);
            try {
                String contactA = "sip:7000@127.0.0.1:" + portA;
                assertEquals(486, call(hq, gw, contactA), "phone A's answer reached HQ");
                assertEquals(1, a.invites.get(), "the addressed contact rang");
                assertEquals(0, b.invites.get(), "the other binding did not (its INVITE would have come before the answer)");

                assertEquals(486, call(hq, gw, "sip:7000@127.0.0.1:" + gw.sipPort()), "HQ addressed the AOR");
                assertEquals(2, a.invites.get(), "the AOR rings every binding");
                assertEquals(1, b.invites.get());
            } finally {
                a.close();
                b.close();
            }
        } finally {
            hqHost.close();
        }
    }

    /** HQ (trusted: from its configured address and port) calls {@code requestUri} through the gateway; the final status. */
    private static int call(SessionManager hq, TestGateway gw, String requestUri) throws Exception {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        OutgoingInvite o = new OutgoingInvite(requestUri, "sip:8000@127.0.0.1", "HQ", "sip:7000@127.0.0.1",
                "sip:127.0.0.1:" + gw.sipPort() + ";lr", Map.of(), null);
        hq.invite(o, "7000", sdp, new SessionListener() {
            @Override public void onAnswered(CallSession s, String answer) { status.complete(200); s.hangup(200); }
            @Override public void onFailed(CallSession s, int st) { status.complete(st); }
            @Override public void onEnded(CallSession s, boolean cancelled) { }
            @Override public String onReoffer(CallSession s, String offer) { return null; }
        });
        return status.get(10, TimeUnit.SECONDS);
    }

    /** A phone at one contact: counts INVITEs and answers each 486 Busy Here. */
    private static final class Phone implements AutoCloseable {
        final SipHost host;
        final AtomicInteger invites = new AtomicInteger();

        Phone(int port) throws Exception {
            host = new SipHost("127.0.0.1", port, 2);
            host.handle(Request.INVITE, (h, e) -> {
                invites.incrementAndGet();
                h.respond(e, h.messages().createResponse(Response.BUSY_HERE, e.getRequest()));
            });
            host.handle(Request.ACK, (h, e) -> { });
            host.start();
        }

        @Override public void close() { host.close(); }
    }
}
