package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.bench.PcapGen;
import dev.lifeline.dsp.CallerId;
import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.sip.FreePorts;
import dev.lifeline.store.Cdr;
import dev.lifeline.testutil.Await;
import dev.lifeline.survival.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Normal-mode upstream operation against Kamailio as HQ (test-rigs/hq): the FXS lines register
 * there with digest auth, HQ's calls ring them, branch calls routed {@code via: [hq, local]} go
 * through HQ (answering its 407) and fall back locally once HQ is gone, the lines re-register
 * after the hold-down, and a branch-to-branch call hairpinned through HQ survives HQ freezing
 * and still clears at once.
 */
@Tag("e2e")
class UpstreamE2ETest {
    private static final String REALM = "demo-branch"; // the demo site's realm: HQ and gateway share it

    /** The demo site with the lines' HQ identities, HQ at {@code hqPort}, calls to 6xxx/7xxx via HQ first. */
    static UnaryOperator<String> site(int hqPort) {
        return s -> {
            s = viaHq(s);
            return s.replace("# no upstream (HQ) and no controller: the demo gateway runs stand-alone", """
                    upstream:
                      servers: [ { host: 127.0.0.1, port: %d } ]
                      register-expires: 600
                    survival: { probe-interval: 1s, probe-misses: 3, probe-timeout: 500ms, hold-down: 2s }
                    """.formatted(hqPort));
        };
    }

    /** The demo site's lines with their HQ identities (user 600x, password lifeline600x), 6xxx/7xxx routed via: [hq, local]. */
    static String viaHq(String s) {
        return HqSite.viaHq(s);
    }

    @Test
    void linesRegisterAtHqAndAnHqCallRingsTheLineWithItsCallerIdAndAudio() throws Exception {
        try (KamailioHq hq = KamailioHq.start(REALM);
             TestGateway gw = TestGateway.start("demo.yaml", site(hq.port()))) {
            assertTrue(gw.gateway().options().site().lines().get("fxs1").upstream() != null, "config edited");
            awaitRegistered(gw, 4);
            for (String ext : List.of("6000", "6001", "6002", "6003")) {
                assertFalse(hq.requests("REGISTER", ext).isEmpty(), ext + " registered at Kamailio\n" + hq.log());
            }
            String view = cli(gw, "registrations");
            assertTrue(view.contains("lines registered at HQ") && view.contains("sip:6001@127.0.0.1") && view.contains("REGISTERED"),
                    "`lifeline registrations` lists the lines at HQ:\n" + view);
            assertFalse(view.contains("lifeline600"), "no password in the view");
            assertTrue(cli(gw, "status").contains("lines registered at HQ"), "and so does `lifeline status`");

            VirtualPhone b = gw.phone("fxs2");
            try (Sipp caller = hqCaller(hq, "8000", "6001")) {
                assertTrue(b.awaitRinging(Duration.ofSeconds(8)), "fxs2 rings for HQ's call\n" + caller.output() + hq.log());
                CallerId cid = b.awaitCallerId(Duration.ofSeconds(6));
                assertNotNull(cid, "caller ID decoded");
                assertEquals("8000", cid.number());
                b.offHook();
                assertTrue(FxsCallE2ETest.awaitHears(b, 1000), "HQ caller's 1 kHz tone heard on fxs2");
                b.onHook();
                assertEquals(0, caller.await(15), "SIPp got the BYE\n" + caller.output());
            }
            Cdr cdr = gw.awaitCdrs(1, Duration.ofSeconds(3)).get(0);
            assertEquals("8000", cdr.callingNumber());
            assertTrue(cdr.srcLeg().startsWith("hq:"), cdr.srcLeg());
            assertEquals("fxs:fxs2", cdr.dstLeg());
            assertEquals("normal", cdr.mode());
            assertTrue(cdr.rtp().packetsSent() > 25, "fxs2's side went back as RTP: " + cdr.rtp());
        }
    }

    @Test
    void callsGoViaHqFallBackLocallyWhenHqIsFrozenAndLinesReRegisterAfterTheHoldDown() throws Exception {
        try (KamailioHq hq = KamailioHq.start(REALM);
             TestGateway gw = TestGateway.start("demo.yaml", site(hq.port()))) {
            awaitRegistered(gw, 4);
            VirtualPhone a = gw.phone("fxs1");
            VirtualPhone b = gw.phone("fxs2");

            // NORMAL: 7001 is a phone registered directly at HQ; fxs1's call reaches it through HQ
            int hqPhonePort = FreePorts.udpAndTcp();
            try (Sipp hqPhone = Sipp.startOn(hqPhonePort, "uas-answer.xml", hq.port(), "-s", "7001")) {
                registerAt(hq.port(), "7001", hqPhonePort);
                TestGateway.liftAndDial(a, "7001");
                Await.until("the phone at HQ answered", Duration.ofSeconds(8), () -> gw.gateway().answeredCalls() >= 1);
                a.onHook();
                assertEquals(0, hqPhone.await(15), "the phone at HQ got INVITE (via HQ), ACK and BYE\n" + hqPhone.output());
            }
            assertFalse(hq.requests("INVITE", "6000").isEmpty(), "Kamailio saw fxs1's INVITE (From 6000)\n" + hq.log());
            Cdr first = gw.awaitCdrs(1, Duration.ofSeconds(3)).get(0);
            assertTrue(first.dstLeg().startsWith("hq:"), first.dstLeg());
            assertTrue(first.answered());
            assertEquals("normal", first.mode());

            // HQ frozen: the same dial, made at once, stays in the branch (a 7001 registered here):
            // the INVITE to HQ gets no answer (or HQ is skipped once the mode flipped) and the call falls back
            int branchPhonePort = FreePorts.udpAndTcp();
            try (Sipp branchPhone = Sipp.startOn(branchPhonePort, "uas-answer.xml", gw.sipPort(), "-s", "7001")) {
                SipCallE2ETest.register("7001", "lifeline7001", branchPhonePort, gw);
                hq.freeze();
                long frozenAt = System.currentTimeMillis();
                TestGateway.liftAndDial(a, "7001");
                awaitTrue("SURVIVAL within 5 s of the freeze", 5_000 - (System.currentTimeMillis() - frozenAt),
                        () -> gw.gateway().mode() == Mode.SURVIVAL);
                // an unanswered INVITE to HQ is given up after 3 s; 7001 answers 0.5 s after ringing
                Await.until("the branch's 7001 answered", Duration.ofSeconds(8), () -> gw.gateway().answeredCalls() >= 1);
                a.onHook();
                assertEquals(0, branchPhone.await(15), "the branch's own 7001 took the call\n" + branchPhone.output());
            }
            Cdr second = gw.awaitCdrs(2, Duration.ofSeconds(3)).get(1);
            assertTrue(second.dstLeg().startsWith("sip:7001"), second.dstLeg());
            assertTrue(second.answered());
            assertEquals("survival", second.mode());

            // HQ back: after the 2 s hold-down the lines register again and HQ's calls ring them
            long registersBefore = hq.requests("REGISTER", "6001").size();
            hq.thaw();
            awaitTrue("NORMAL after the hold-down", 10_000, () -> gw.gateway().mode() == Mode.NORMAL);
            awaitTrue("fxs2 re-registered at Kamailio", 8_000, () -> hq.requests("REGISTER", "6001").size() > registersBefore);
            awaitRegistered(gw, 4);
            try (Sipp caller = hqCaller(hq, "8000", "6001")) {
                assertTrue(b.awaitRinging(Duration.ofSeconds(8)), "HQ's call rings fxs2 again\n" + caller.output());
                b.offHook();
                Await.until("fxs2 answered HQ's call", Duration.ofSeconds(5), () -> gw.gateway().answeredCalls() >= 1);
                b.onHook();
                assertEquals(0, caller.await(15), caller.output());
            }
        }
    }

    @Test
    void aBranchSipPhoneCallsThroughHqWithItsProvisionedHa1() throws Exception {
        try (KamailioHq hq = KamailioHq.start(REALM);
             TestGateway gw = TestGateway.start("demo.yaml", site(hq.port()))) {
            awaitRegistered(gw, 4);
            int hqPhonePort = FreePorts.udpAndTcp();
            try (Sipp hqPhone = Sipp.startOn(hqPhonePort, "uas-answer.xml", hq.port(), "-s", "7001")) {
                registerAt(hq.port(), "7001", hqPhonePort);
                // SIPp as branch phone 7000 authenticates to the gateway; the gateway answers HQ's 407 as 7000
                try (Sipp branch = Sipp.start("uac-call.xml", gw.sipPort(), SipCallE2ETest.caller("7001", "lifeline7000", gw))) {
                    assertEquals(0, branch.await(30), "7000 -> gateway -> HQ -> 7001\n" + branch.output() + hq.log());
                }
                assertEquals(0, hqPhone.await(10), hqPhone.output());
            }
            assertFalse(hq.requests("INVITE", "7000").isEmpty(), "HQ saw the call From 7000\n" + hq.log());
            Cdr cdr = gw.awaitCdrs(1, Duration.ofSeconds(3)).get(0);
            assertEquals("7000", cdr.callingNumber());
            assertTrue(cdr.dstLeg().startsWith("hq:"), cdr.dstLeg());
            assertTrue(cdr.answered());
        }
    }

    @Test
    void aHairpinThroughHqKeepsItsAudioWhenHqFreezesAndClearsAtOnce() throws Exception {
        try (KamailioHq hq = KamailioHq.start(REALM);
             TestGateway gw = TestGateway.start("demo.yaml", site(hq.port()))) {
            awaitRegistered(gw, 4);
            VirtualPhone a = gw.phone("fxs1");
            VirtualPhone b = gw.phone("fxs2");
            TestGateway.liftAndDial(a, "6001");
            assertTrue(b.awaitRinging(Duration.ofSeconds(8)), "fxs2 rings through HQ\n" + hq.log());
            CallerId cid = b.awaitCallerId(Duration.ofSeconds(6));
            assertNotNull(cid);
            assertEquals("6000", cid.number(), "the caller as HQ presented it");
            assertFalse(hq.requests("INVITE", "6000").isEmpty(), "the call went through Kamailio\n" + hq.log());
            b.offHook();
            assertAudioBothWays(a, b);
            awaitTrue("two calls on the gateway (out to HQ, back from HQ)", 2_000, () -> callCount(gw) == 2);

            hq.freeze();
            awaitTrue("SURVIVAL", 5_000, () -> gw.gateway().mode() == Mode.SURVIVAL);
            assertAudioBothWays(a, b); // media never went through HQ, and a mode change drops no call

            long t0 = System.currentTimeMillis();
            a.onHook();
            assertTrue(b.awaitTone(ToneKind.DISCONNECT, Duration.ofSeconds(3)), "fxs2 hears disconnect without HQ");
            long took = System.currentTimeMillis() - t0;
            assertTrue(took < 3_000, "released in " + took + " ms");
            awaitTrue("both calls cleared", 2_000, () -> callCount(gw) == 0);
            b.onHook();
            List<Cdr> cdrs = gw.awaitCdrs(2, Duration.ofSeconds(3));
            assertEquals(2, cdrs.size(), cdrs::toString);
            for (Cdr c : cdrs) assertEquals(16, c.q850Cause(), c.toString());
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static void assertAudioBothWays(VirtualPhone a, VirtualPhone b) throws Exception {
        a.playTone(1000, -10);
        assertTrue(FxsCallE2ETest.awaitHears(b, 1000), "1 kHz from fxs1 heard on fxs2");
        a.stopPlaying();
        b.playTone(1500, -10);
        assertTrue(FxsCallE2ETest.awaitHears(a, 1500), "1.5 kHz from fxs2 heard on fxs1");
        b.stopPlaying();
    }

    private static int callCount(TestGateway gw) {
        try {
            return gw.gateway().activeCalls();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Waits until {@code n} lines are REGISTERED at HQ. */
    static void awaitRegistered(TestGateway gw, int n) throws Exception {
        awaitTrue(n + " lines registered at HQ", 10_000, () -> gw.gateway().upstreamRegistrations().stream()
                .filter(r -> "REGISTERED".equals(r.get("state"))).count() == n);
    }

    /** What {@code ./scripts/lifeline <view>} prints: the management API's text view over CoAP. */
    private static String cli(TestGateway gw, String view) throws Exception {
        dev.lifeline.mgmt.CoapSetup.configuration();
        org.eclipse.californium.core.CoapClient c = new org.eclipse.californium.core.CoapClient(gw.gateway().coapUri() + "/" + view);
        try {
            c.setTimeout(3000L);
            var r = c.get(org.eclipse.californium.core.coap.MediaTypeRegistry.TEXT_PLAIN);
            assertNotNull(r, "management API answered");
            return r.getResponseText();
        } finally {
            c.shutdown();
        }
    }

    /** Registers a SIPp phone directly at HQ (digest with its lifeline password). */
    private static void registerAt(int hqPort, String user, int contactPort) throws Exception {
        try (Sipp reg = Sipp.start("register-as.xml", hqPort, "-s", user, "-au", user, "-ap", "lifeline" + user,
                "-key", "contact_port", String.valueOf(contactPort))) {
            assertEquals(0, reg.await(15), "REGISTER at HQ\n" + reg.output());
        }
    }

    /** A SIPp UAC at HQ calling {@code target} as {@code user}, playing a 1 kHz tone once answered. */
    private static Sipp hqCaller(KamailioHq hq, String user, String target) throws Exception {
        Path dir = Files.createTempDirectory("sipp-hq");
        PcapGen.main(new String[] {dir.resolve("tone.pcap").toString(), "20"});
        return Sipp.startIn(dir, FreePorts.udpAndTcp(), "uac-call-until-bye.xml", hq.port(), "-s", target,
                "-au", user, "-ap", "lifeline" + user, "-key", "caller", user);
    }

    static void awaitTrue(String what, long ms, BooleanSupplier cond) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > end) fail(what + " (not within " + ms + " ms)");
            Thread.sleep(50);
        }
    }
}
