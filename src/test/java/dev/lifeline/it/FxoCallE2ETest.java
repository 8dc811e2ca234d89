package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.rig.co.CentralOffice;
import dev.lifeline.rig.co.Subscriber;
import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PSTN calls through the gateway's FXO ports to and from the virtual central office: dial tone,
 * DTMF, ringing, caller ID and disconnect are all carried as on a real line.
 */
@Tag("e2e")
class FxoCallE2ETest {
    private static final Duration S3 = Duration.ofSeconds(3);

    /** Seven-digit local numbers after the outside prefix; incoming PSTN calls ring 6001 (fxs2). */
    private static final UnaryOperator<String> SITE = s -> s
            .replace("[6-7]xxx|0[1-9]xxxxxxxxx|911|*xx", "[6-7]xxx|0[1-9]xxxxxx|911|*xx")
            .replace("number: \"+15555550100\" }", "number: \"+15555550100\", ring: [\"6001\"] }");

    @Test
    void outsidePrefixCallReachesTheSubscriberCarriesAudioAndEndsOnLoopDrop() throws Exception {
        try (TestGateway gw = TestGateway.start("demo.yaml", SITE); CentralOffice co = new CentralOffice("us")) {
            co.plug("127.0.0.1", gw.gateway().simPort(), "fxo1", "5550100");
            Subscriber bob = co.addSubscriber("5551234", "Bob");
            VirtualPhone a = gw.phone("fxs1");
            a.offHook();
            assertTrue(a.awaitTone(ToneKind.DIAL, S3));
            a.dialDtmf("05551234");
            assertTrue(bob.awaitRinging(Duration.ofSeconds(8)), "the CO subscriber rings: " + co.events());
            assertEquals(List.of("5551234"), co.line("fxo1").dialledNumbers(), "prefix stripped");
            bob.answer();
            a.playTone(1000, -10);
            assertTrue(bob.awaitHears(1000, S3), "1 kHz from fxs1 reaches the subscriber");
            a.stopPlaying();
            bob.say(1500, -10);
            assertTrue(FxsCallE2ETest.awaitHears(a, 1500), "1.5 kHz from the subscriber reaches fxs1");
            bob.silence();
            Thread.sleep(300);
            bob.hangUp();
            assertTrue(a.awaitTone(ToneKind.DISCONNECT, Duration.ofSeconds(5)), "fxs1 hears disconnect tone");
            a.onHook();

            Cdr cdr = only(gw.awaitCdrs(1, S3));
            assertEquals("outbound", cdr.direction());
            assertEquals("fxs:fxs1", cdr.srcLeg());
            assertEquals("fxo:fxo1", cdr.dstLeg());
            assertEquals("05551234", cdr.calledDialled());
            assertEquals("5551234", cdr.calledNumber(), "the number as routed to the exchange");
            assertEquals("6000", cdr.callingNumber());
            assertTrue(cdr.answered());
            assertEquals(16, cdr.q850Cause());
        }
    }

    @Test
    void subscriberCallingTheLineRingsTheConfiguredExtensionWithCallerId() throws Exception {
        try (TestGateway gw = TestGateway.start("demo.yaml", SITE); CentralOffice co = new CentralOffice("us")) {
            co.plug("127.0.0.1", gw.gateway().simPort(), "fxo1", "5550100");
            Subscriber alice = co.addSubscriber("5551234", "Alice");
            VirtualPhone b = gw.phone("fxs2");
            alice.call("5550100");
            assertTrue(b.awaitRinging(Duration.ofSeconds(10)), "fxs2 rings: " + co.events());
            CallerId cid = b.awaitCallerId(Duration.ofSeconds(8));
            assertNotNull(cid, "fxs2 shows caller ID");
            assertEquals("5551234", cid.number());
            b.offHook();
            b.playTone(1000, -10);
            assertTrue(alice.awaitHears(1000, S3), "1 kHz from fxs2 reaches the caller");
            b.stopPlaying();
            alice.say(1500, -10);
            assertTrue(FxsCallE2ETest.awaitHears(b, 1500), "the caller is heard on fxs2");
            alice.silence();
            b.onHook();
            for (int i = 0; i < 60 && co.line("fxo1").state() != dev.lifeline.rig.co.CoLine.State.IDLE; i++) {
                Thread.sleep(50); // the hang-up is recognised after 700 ms on hook
            }
            assertEquals(dev.lifeline.rig.co.CoLine.State.IDLE, co.line("fxo1").state(), "gateway released the line");

            Cdr cdr = only(gw.awaitCdrs(1, S3));
            assertEquals("inbound", cdr.direction());
            assertEquals("fxo:fxo1", cdr.srcLeg());
            assertEquals("fxs:fxs2", cdr.dstLeg());
            assertEquals("5551234", cdr.callingNumber());
            assertEquals("6001", cdr.calledDialled());
            assertTrue(cdr.answered());
            assertEquals(16, cdr.q850Cause());
        }
    }

    @Test
    void emergencyNumberGoesOutOnTheFxoTrunk() throws Exception {
        try (TestGateway gw = TestGateway.start("demo.yaml", SITE); CentralOffice co = new CentralOffice("us")) {
            co.plug("127.0.0.1", gw.gateway().simPort(), "fxo1", "5550100");
            Subscriber psap = co.addSubscriber("911", "PSAP");
            VirtualPhone a = gw.phone("fxs1");
            a.offHook();
            assertTrue(a.awaitTone(ToneKind.DIAL, S3));
            a.dialDtmf("911");
            assertEquals(List.of("911"), co.awaitDialled("fxo1", 1, Duration.ofSeconds(8)), "the CO sees 911");
            assertTrue(psap.awaitRinging(S3));
            a.onHook();
            Cdr cdr = only(gw.awaitCdrs(1, S3));
            assertEquals("outbound", cdr.direction());
            assertEquals("911", cdr.calledNumber());
            assertEquals("fxo:fxo1", cdr.dstLeg());
        }
    }

    @Test
    void allFxoPortsBusyGivesReorderAndCause34() throws Exception {
        try (TestGateway gw = TestGateway.start("demo.yaml", SITE); CentralOffice co = new CentralOffice("us")) {
            co.plug("127.0.0.1", gw.gateway().simPort(), "fxo1", "5550100");
            co.plug("127.0.0.1", gw.gateway().simPort(), "fxo2", "5550101");
            co.addSubscriber("5551111", "One").call("5550100");
            co.addSubscriber("5552222", "Two").call("5550101");
            Thread.sleep(300); // both lines ringing in: neither can be seized
            VirtualPhone a = gw.phone("fxs1");
            a.offHook();
            assertTrue(a.awaitTone(ToneKind.DIAL, S3));
            a.dialDtmf("05551234");
            assertTrue(a.awaitTone(ToneKind.CONGESTION, Duration.ofSeconds(4)), "reorder tone");
            a.onHook();
            Cdr cdr = gw.awaitCdrs(1, S3).stream().filter(c -> "fxs:fxs1".equals(c.srcLeg())).findFirst().orElseThrow();
            assertEquals(34, cdr.q850Cause());
            assertNull(cdr.answer());
            assertEquals(List.of(), co.line("fxo1").dialledNumbers());
        }
    }

    private static Cdr only(List<Cdr> cdrs) {
        assertEquals(1, cdrs.size(), "exactly one CDR: " + cdrs);
        return cdrs.get(0);
    }
}
