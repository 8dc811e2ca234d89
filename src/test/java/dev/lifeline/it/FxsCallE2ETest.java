package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two analog phones on FXS ports calling each other through a real gateway, over the sim line
 * protocol, with every tone, ring and caller ID checked from the phones' side.
 */
@Tag("e2e")
class FxsCallE2ETest {
    private static final Duration S2 = Duration.ofSeconds(2);

    @Test
    void dtmfCallRingsWithCadenceAndCallerIdCarriesAudioBothWaysAndLeavesACdr() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            VirtualPhone a = gw.phone("fxs1");
            VirtualPhone b = gw.phone("fxs2");
            a.offHook();
            assertTrue(a.awaitTone(ToneKind.DIAL, Duration.ofSeconds(3)), "fxs1 hears US dial tone");
            a.dialDtmf("6001");
            assertTrue(b.awaitRinging(Duration.ofSeconds(3)), "fxs2 rings");
            CallerId cid = b.awaitCallerId(Duration.ofSeconds(6));
            assertNotNull(cid, "fxs2 decodes caller ID in the first silence");
            assertEquals("6000", cid.number());
            assertEquals("Reception", cid.name());
            assertTrue(a.awaitTone(ToneKind.RINGBACK, Duration.ofSeconds(8)), "fxs1 hears ringback");
            // second ring has started by now: 2 s on, 4 s off
            int[] cadence = awaitCadence(b, 2);
            assertEquals(2000, cadence[0], 120, "ring on");
            assertEquals(4000, cadence[1], 120, "ring off");

            b.offHook();
            a.playTone(1000, -10);
            assertTrue(awaitHears(b, 1000), "1 kHz from fxs1 heard on fxs2");
            a.stopPlaying();
            b.playTone(1500, -10);
            assertTrue(awaitHears(a, 1500), "1.5 kHz from fxs2 heard on fxs1");
            b.stopPlaying();
            a.onHook();
            assertTrue(b.awaitTone(ToneKind.DISCONNECT, Duration.ofSeconds(5)), "fxs2 hears disconnect tone");

            Cdr cdr = only(gw.awaitCdrs(1, Duration.ofSeconds(3)));
            assertEquals("6000", cdr.callingNumber());
            assertEquals("6001", cdr.calledDialled());
            assertEquals("fxs:fxs1", cdr.srcLeg());
            assertEquals("fxs:fxs2", cdr.dstLeg());
            assertTrue(cdr.answered());
            assertTrue(cdr.billableSec() > 0 && cdr.durationMs() > cdr.billableSec(), "duration > 0");
            assertEquals(16, cdr.q850Cause());
            assertEquals("normal", cdr.mode());
        }
    }

    @Test
    void pulseDialledCallConnects() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            VirtualPhone a = gw.phone("fxs1");
            VirtualPhone b = gw.phone("fxs3");
            a.offHook();
            assertTrue(a.awaitTone(ToneKind.DIAL, Duration.ofSeconds(3)));
            a.dialPulse("6002");
            assertTrue(b.awaitRinging(Duration.ofSeconds(4)), "fxs3 rings after pulse dialling 6002");
            b.offHook();
            b.playTone(1000, -10);
            assertTrue(awaitHears(a, 1000));
            b.onHook();
            assertTrue(a.awaitTone(ToneKind.DISCONNECT, Duration.ofSeconds(5)));
            a.onHook();
            Cdr cdr = only(gw.awaitCdrs(1, Duration.ofSeconds(3)));
            assertEquals("6002", cdr.calledDialled());
            assertTrue(cdr.answered());
            assertEquals(16, cdr.q850Cause());
        }
    }

    @Test
    void unassignedNumberGivesReorderAndCause1() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            VirtualPhone a = gw.phone("fxs1");
            TestGateway.liftAndDial(a, "6009");
            assertTrue(a.awaitTone(ToneKind.CONGESTION, Duration.ofSeconds(4)), "reorder tone");
            a.onHook();
            Cdr cdr = only(gw.awaitCdrs(1, Duration.ofSeconds(3)));
            assertEquals(1, cdr.q850Cause());
            assertNull(cdr.answer());
            assertEquals(0, cdr.billableSec());
        }
    }

    @Test
    void callingAnOffHookExtensionGivesBusyAndCause17() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            VirtualPhone a = gw.phone("fxs1");
            VirtualPhone b = gw.phone("fxs2");
            b.offHook();
            TestGateway.liftAndDial(a, "6001");
            assertTrue(a.awaitTone(ToneKind.BUSY, Duration.ofSeconds(4)), "busy tone");
            assertTrue(!b.isRinging());
            a.onHook();
            Cdr cdr = only(gw.awaitCdrs(1, Duration.ofSeconds(3)));
            assertEquals(17, cdr.q850Cause());
            assertEquals("fxs:fxs2", cdr.dstLeg());
        }
    }

    @Test
    void unansweredCallEndsWithCause19AndStopsRinging() throws Exception {
        try (TestGateway gw = TestGateway.start("demo.yaml", TestGateway.analog("ring-timeout: 7s"))) {
            VirtualPhone a = gw.phone("fxs1");
            VirtualPhone b = gw.phone("fxs2");
            TestGateway.liftAndDial(a, "6001");
            assertTrue(b.awaitRinging(Duration.ofSeconds(3)));
            Cdr cdr = only(gw.awaitCdrs(1, Duration.ofSeconds(10)));
            assertEquals(19, cdr.q850Cause());
            assertTrue(!cdr.answered());
            dev.lifeline.testutil.Await.until("ringing stopped at the timeout", Duration.ofSeconds(1), () -> !b.isRinging());
            a.onHook();
        }
    }

    @Test
    void phoneLeftOffHookWithoutDiallingGetsTheHowler() throws Exception {
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s.replace("first-digit-timeout: 10s", "first-digit-timeout: 2s")
                + "\nanalog:\n  off-hook-warning: 5s\n")) {
            VirtualPhone a = gw.phone("fxs1");
            a.offHook();
            assertTrue(a.awaitTone(ToneKind.DIAL, Duration.ofSeconds(2)));
            assertTrue(a.awaitTone(ToneKind.CONGESTION, Duration.ofSeconds(4)), "reorder after the first-digit timeout");
            assertTrue(a.awaitTone(ToneKind.HOWLER, Duration.ofSeconds(8)), "receiver-off-hook howler");
            a.onHook();
        }
    }

    @Test
    void euZoneGivesA425HzDialToneAndV23CallerId() throws Exception {
        try (TestGateway gw = TestGateway.start("demo-eu.yaml", s -> s)) {
            VirtualPhone a = gw.phone("fxs1");
            VirtualPhone b = gw.phone("fxs2");
            a.offHook();
            assertTrue(a.awaitTone(ToneKind.DIAL, Duration.ofSeconds(3)), "425 Hz dial tone");
            assertTrue(awaitHears(a, 425));
            a.dialDtmf("6001");
            assertTrue(b.awaitRinging(Duration.ofSeconds(3)));
            CallerId cid = b.awaitCallerId(Duration.ofSeconds(5));
            assertNotNull(cid, "V.23 caller ID decoded");
            assertEquals("6000", cid.number());
            int[] cadence = awaitCadence(b, 2);
            assertEquals(1000, cadence[0], 120, "eu ring on");
            assertEquals(4000, cadence[1], 120, "eu ring off");
            a.onHook();
        }
    }

    /** Waits up to 2 s until the phone hears {@code freq} as the dominant sound. */
    static boolean awaitHears(VirtualPhone p, double freq) throws InterruptedException {
        long end = System.nanoTime() + S2.toNanos();
        while (System.nanoTime() < end) {
            if (p.hears(freq, Duration.ofMillis(200))) return true;
            Thread.sleep(50);
        }
        return false;
    }

    private static int[] awaitCadence(VirtualPhone p, int values) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int[] c = p.measuredRingCadenceMs();
        while ((c == null || c.length < values) && System.nanoTime() < end) {
            Thread.sleep(100);
            c = p.measuredRingCadenceMs();
        }
        assertTrue(c != null && c.length >= values, "ring cadence observed");
        return c;
    }

    private static Cdr only(List<Cdr> cdrs) {
        assertEquals(1, cdrs.size(), "exactly one CDR: " + cdrs);
        return cdrs.get(0);
    }
}
