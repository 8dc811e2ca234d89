package dev.lifeline.sip.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.sip.upstream.HqHealth;
import dev.lifeline.util.Clock;
import java.nio.file.Path;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REGISTER forwarding over real UDP: a hand-written phone, the gateway's registrar with its
 * forwarder, and a scripted HQ on its own SIP stack.
 */
class RegisterForwarderTest {
    private static final int CAP = 90;

    @TempDir Path dir;
    private RegistrarHarness gw;
    private HqStandIn hq;
    private RegisterForwarder forwarder;
    private TestPhone phone;
    private final AtomicBoolean normal = new AtomicBoolean(true);
    private final List<String> timeouts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        gw = new RegistrarHarness(dir.resolve("gw.db"), Clock.SYSTEM, 0, 3);
        hq = new HqStandIn();
        UpstreamConfig up = new UpstreamConfig(List.of(new UpstreamConfig.Server("127.0.0.1", hq.port,
                UpstreamConfig.Transport.UDP, 1)), "hq.example", 600, null, 3_000, 600, 5_000);
        HqHealth health = new HqHealth(up, Clock.SYSTEM);
        health.onTimeout(s -> timeouts.add(s.host() + ":" + s.port()));
        forwarder = new RegisterForwarder(gw.host, up, normal::get, health, gw.store,
                gw.registrar.throttle(), Clock.SYSTEM, CAP);
        gw.registrar.forwardWith(forwarder);
        phone = new TestPhone(gw.port, "7000", "lifeline7000");
    }

    @AfterEach
    void stop() {
        phone.close();
        forwarder.close();
        hq.close();
        gw.close();
    }

    private String contact() { return "Contact: " + phone.contact() + "\r\nExpires: 600\r\n"; }

    @Test
    void registerGoesToHqWithPathAndLeavesAShadowBinding() throws Exception {
        TestPhone.Msg challenge = phone.exchange(phone.register("7000", contact()));
        assertEquals(401, challenge.status(), challenge.raw());
        assertTrue(challenge.first("www-authenticate").contains("realm=\"hq\""), "HQ's challenge reaches the phone");
        assertEquals(1, challenge.all("via").size(), "our Via is popped: " + challenge.raw());

        Request first = hq.last();
        assertEquals("sip:hq.example", first.getRequestURI().toString());
        assertEquals("<sip:127.0.0.1:" + gw.port + ";lr>", Registrar.values(first, "Path").get(0));
        assertTrue(Registrar.supports(first, "path"));
        assertEquals(69, ((javax.sip.header.MaxForwardsHeader) first.getHeader("Max-Forwards")).getMaxForwards());
        ListIterator<?> vias = first.getHeaders(ViaHeader.NAME);
        assertEquals(gw.port, ((ViaHeader) vias.next()).getPort(), "our Via on top");
        assertEquals(phone.localPort(), ((ViaHeader) vias.next()).getPort(), "the phone's below it");
        assertTrue(gw.store.lookup("7000").isEmpty(), "a challenge binds nothing");

        phone.takeChallenge(challenge, "MD5");
        TestPhone.Msg ok = phone.exchange(phone.register("7000", contact() + phone.authorization("MD5", ++phone.nc)));
        assertEquals(200, ok.status(), ok.raw());
        assertTrue(hq.last().getHeader("Authorization").toString().contains("realm=\"hq\""), "credentials untouched");

        List<Binding> b = gw.store.lookup("7000");
        assertEquals(1, b.size(), "only the phone's own contact, not HQ's other device: " + b);
        Binding shadow = b.get(0);
        assertTrue(shadow.shadow());
        assertEquals("sip:7000@127.0.0.1:" + phone.localPort(), shadow.contact());
        assertEquals("127.0.0.1:" + phone.localPort(), shadow.received());
        long left = shadow.remainingSeconds(System.currentTimeMillis());
        assertTrue(left > 290 && left <= 300, "expiry as HQ granted (300 s): " + left);
        assertTrue(timeouts.isEmpty());

        TestPhone.Msg bye = phone.exchange(phone.register("7000", "Contact: " + phone.contact() + "\r\nExpires: 0\r\n"
                + phone.authorization("MD5", ++phone.nc)));
        assertEquals(200, bye.status(), bye.raw());
        assertTrue(gw.store.lookup("7000").isEmpty(), "unregistering at HQ removes the shadow");
    }

    @Test
    void strangersAreRefusedWithoutAskingHq() throws Exception {
        TestPhone stranger = new TestPhone(gw.port, "9999", "x");
        try {
            TestPhone.Msg r = stranger.exchange(stranger.register("9999", "Contact: " + stranger.contact() + "\r\n"));
            assertEquals(403, r.status(), r.raw());
            assertTrue(hq.seen.isEmpty(), "nothing forwarded for a stranger");
        } finally {
            stranger.close();
        }
    }

    @Test
    void maxForwardsZeroIsTooManyHops() throws Exception {
        String req = phone.register("7000", contact()).replace("Max-Forwards: 70", "Max-Forwards: 0");
        TestPhone.Msg r = phone.exchange(req);
        assertEquals(483, r.status(), r.raw());
        assertTrue(hq.seen.isEmpty());
    }

    @Test
    void hqSilenceIsReportedAndThePhoneIsAnsweredLocally() throws Exception {
        hq.silent = true;
        long t0 = System.nanoTime();
        TestPhone.Msg challenge = phone.exchange(phone.register("7000", contact()));
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(401, challenge.status(), challenge.raw());
        assertTrue(challenge.first("www-authenticate").contains("realm=\"" + RegistrarHarness.REALM + "\""),
                "the local registrar's challenge: " + challenge.raw());
        assertTrue(tookMs >= 550 && tookMs < 2_000, "after the forwarding timeout: " + tookMs + " ms");
        assertEquals(List.of("127.0.0.1:" + hq.port), timeouts, "HQ's silence reported once");
        assertFalse(forwarder.forwarding(), "forwarding paused");

        phone.takeChallenge(challenge, "MD5");
        TestPhone.Msg ok = phone.exchange(phone.register("7000", contact() + phone.authorization("MD5", ++phone.nc)));
        assertEquals(200, ok.status(), ok.raw());
        assertTrue(ok.first("contact").contains("expires=" + CAP), "local grant capped: " + ok.raw());
        Binding local = gw.store.lookup("7000").get(0);
        assertFalse(local.shadow());
        assertTrue(hq.seen.stream().allMatch(r -> ((javax.sip.header.CSeqHeader) r.getHeader("CSeq")).getSeqNumber() == 1),
                "HQ saw only the first REGISTER (and our retransmissions of it); the answer to the local challenge stayed local");
    }

    @Test
    void survivalAnswersLocallyWithTheShortExpiryAndNeverUnauthenticated() throws Exception {
        normal.set(false);
        TestPhone.Msg challenge = phone.exchange(phone.register("7000", contact()));
        assertEquals(401, challenge.status(), challenge.raw());
        assertTrue(challenge.first("www-authenticate").contains("realm=\"" + RegistrarHarness.REALM + "\""));
        TestPhone.Msg ok = phone.registerWithAuth(contact(), "MD5");
        assertEquals(200, ok.status(), ok.raw());
        assertTrue(ok.first("contact").contains("expires=" + CAP), ok.raw());
        assertTrue(hq.seen.isEmpty(), "nothing goes to HQ outside NORMAL");
        assertTrue(timeouts.isEmpty());

        // back to NORMAL: the next REGISTER is forwarded again, and HQ's grant replaces the local binding
        normal.set(true);
        TestPhone.Msg again = phone.exchange(phone.register("7000", contact() + phone.authorization("MD5", ++phone.nc)));
        assertEquals(401, again.status(), "HQ challenges the local-realm credentials: " + again.raw());
        assertTrue(again.first("www-authenticate").contains("realm=\"hq\""));
        phone.takeChallenge(again, "MD5");
        TestPhone.Msg ok2 = phone.exchange(phone.register("7000", contact() + phone.authorization("MD5", ++phone.nc)));
        assertEquals(200, ok2.status(), ok2.raw());
        List<Binding> b = gw.store.lookup("7000");
        assertEquals(1, b.size(), b.toString());
        assertTrue(b.get(0).shadow(), "moved back to HQ");
        assertNull(gw.registrar.throttle().isBlocked("127.0.0.1", "7000") ? "blocked" : null);
    }

    @Test
    void aSilentFirstServerIsSuspendedAndTheNextRegisterGoesToTheSecondAtOnce() throws Exception {
        try (HqStandIn hq2 = new HqStandIn()) {
            hq.silent = true;
            UpstreamConfig up = new UpstreamConfig(List.of(
                    new UpstreamConfig.Server("127.0.0.1", hq.port, UpstreamConfig.Transport.UDP, 1),
                    new UpstreamConfig.Server("127.0.0.1", hq2.port, UpstreamConfig.Transport.UDP, 2)),
                    "hq.example", 600, null, 3_000, 600, 60_000);
            HqHealth health = new HqHealth(up, Clock.SYSTEM);
            health.onTimeout(s -> timeouts.add(s.host() + ":" + s.port()));
            forwarder.close();
            forwarder = new RegisterForwarder(gw.host, up, normal::get, health, gw.store, gw.registrar.throttle(),
                    Clock.SYSTEM, CAP);
            gw.registrar.forwardWith(forwarder);

            long t0 = System.nanoTime();
            TestPhone.Msg challenge = phone.exchange(phone.register("7000", contact()));
            long firstMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(401, challenge.status(), challenge.raw());
            assertTrue(challenge.first("www-authenticate").contains("realm=\"hq\""),
                    "the same REGISTER went on to hq2, whose challenge reaches the phone: " + challenge.raw());
            assertTrue(firstMs >= 550 && firstMs < 2_000, "one wait on hq1: " + firstMs + " ms");
            assertEquals(List.of("127.0.0.1:" + hq.port), timeouts, "hq1's silence reported");
            assertEquals(1, hq.seen.stream().map(r -> r.getHeader("CSeq").toString()).distinct().count());

            phone.takeChallenge(challenge, "MD5");
            t0 = System.nanoTime();
            TestPhone.Msg ok = phone.exchange(phone.register("7000", contact() + phone.authorization("MD5", ++phone.nc)));
            long secondMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, ok.status(), ok.raw());
            assertTrue(secondMs < 300, "straight to hq2, no wait on the suspended hq1: " + secondMs + " ms");
            assertEquals(1, hq.seen.stream().map(r -> r.getHeader("CSeq").toString()).distinct().count(),
                    "hq1 saw nothing after its timeout");
            assertTrue(gw.store.lookup("7000").get(0).shadow(), "registered at hq2");
        }
    }
}
