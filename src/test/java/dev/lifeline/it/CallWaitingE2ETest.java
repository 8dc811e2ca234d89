package dev.lifeline.it;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.Parameter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import dev.lifeline.survival.Mode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Call waiting on an analog line, judged by what the phones hear and see (issue #13): the
 * call-waiting tone and the type II caller ID decoded by the busy line's phone, flash answering
 * and toggling with each party hearing whom it is connected to and the held one the hold tone,
 * the recall after hanging up with a call held; without the phone's acknowledgement no spill; an
 * unanswered waiting call gets busy or follows forward-on-no-answer; the service switched off.
 * Each party speaks its own tone: fxs2 1000 Hz, fxs3 1500 Hz, fxs1 700 Hz.
 */
@Tag("e2e")
@ParameterizedClass
@EnumSource(value = Mode.class, names = {"NORMAL", "SURVIVAL"})
class CallWaitingE2ETest {
    /** Each test runs with the gateway in NORMAL mode and forced into SURVIVAL (issue #13). */
    @Parameter
    Mode mode;

    private static final Duration S5 = Duration.ofSeconds(5);
    static final double HOLD_HZ = 550;

    /** {@code caller} calls 6000 (fxs1) and fxs1 answers; both talk. */
    static void callAndAnswer(VirtualPhone caller, VirtualPhone a, double callerHz) throws Exception {
        TestGateway.liftAndDial(caller, "6000");
        caller.playTone(callerHz, -10); // dialling replaced what it said
        assertTrue(a.awaitRinging(S5), "fxs1 rings");
        Thread.sleep(300);
        a.offHook();
        assertTrue(awaitHears(caller, 700, S5), caller.portId() + " hears fxs1");
    }

    static boolean awaitHears(VirtualPhone p, double hz, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            if (p.hears(hz, Duration.ofMillis(200))) return true;
            Thread.sleep(40);
        }
        return false;
    }

    /** True when {@code p} does not hear {@code hz} for {@code during}. */
    static boolean neverHears(VirtualPhone p, double hz, Duration during) throws InterruptedException {
        Thread.sleep(during.toMillis());
        return !p.hears(hz, during);
    }

    @Test
    void waitingCallGivesToneAndTypeTwoCallerIdAndFlashTogglesAndHangingUpRecalls() throws Exception {
        try (TestGateway gw = TestGateway.demo().inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2"), c = gw.phone("fxs3");
            a.playTone(700, -10);
            b.playTone(1000, -10);
            c.playTone(1500, -10);
            callAndAnswer(b, a, 1000);
            assertTrue(awaitHears(a, 1000, S5), "fxs1 talks with fxs2");
            a.awaitCallerId(Duration.ofMillis(100)); // the ring's caller ID, if decoded

            if (mode == Mode.SURVIVAL) {
                c.offHook();
                assertTrue(c.awaitTone(ToneKind.STUTTER_DIAL, S5), "survival: stutter dial tone");
                c.dialDtmf("6000");
            } else {
                TestGateway.liftAndDial(c, "6000");
            }
            c.playTone(1500, -10);
            assertTrue(awaitHears(a, 440, S5), "fxs1 hears the call-waiting tone");
            CallerId cid = a.awaitCallerId(S5);
            assertNotNull(cid, "fxs1 decodes the type II caller ID after acknowledging the CAS");
            assertEquals("6002", cid.number());
            assertEquals("Store room", cid.name());
            assertEquals(1, a.casHeard());
            assertTrue(c.awaitTone(ToneKind.RINGBACK, Duration.ofSeconds(8)), "the waiting caller hears ringback");
            assertFalse(a.isRinging(), "a line in a call does not ring");
            assertTrue(awaitHears(a, 1000, S5), "fxs1 still talks with fxs2");

            a.flash(); // answer the waiting call, fxs2 on hold
            assertTrue(awaitHears(a, 1500, S5), "after flash fxs1 talks with fxs3");
            assertTrue(awaitHears(c, 700, S5), "fxs3 hears fxs1");
            assertTrue(awaitHears(b, HOLD_HZ, S5), "fxs2 hears the hold tone");
            assertTrue(neverHears(b, 700, Duration.ofMillis(1000)), "fxs2 does not hear fxs1 while held");
            assertTrue(neverHears(a, 1000, Duration.ofMillis(500)), "fxs1 does not hear the held fxs2");

            a.flash(); // toggle back
            assertTrue(awaitHears(a, 1000, S5), "flash again: fxs1 talks with fxs2");
            assertTrue(awaitHears(b, 700, S5), "fxs2 hears fxs1 again");
            assertTrue(awaitHears(c, HOLD_HZ, S5), "fxs3 is held now");
            assertTrue(neverHears(c, 700, Duration.ofMillis(1000)), "fxs3 does not hear fxs1 while held");

            a.onHook(); // ends the call with fxs2; fxs3 is held: recall
            assertTrue(b.awaitTone(ToneKind.DISCONNECT, S5), "fxs2's call ended");
            assertTrue(a.awaitRinging(S5), "hanging up with a call on hold rings the line back");
            a.stopPlaying();
            Thread.sleep(300);
            a.offHook();
            a.playTone(700, -10);
            assertTrue(awaitHears(a, 1500, S5), "the recall answered: fxs1 talks with fxs3");
            assertTrue(awaitHears(c, 700, S5), "fxs3 hears fxs1 again");
            c.onHook();
            assertTrue(a.awaitTone(ToneKind.DISCONNECT, S5), "fxs1 hears disconnect");
            a.onHook();
            b.onHook();
            List<Cdr> cdrs = gw.awaitCdrs(2, S5);
            assertEquals(2, cdrs.size());
            Cdr waited = cdrs.stream().filter(x -> "6002".equals(x.callingNumber())).findFirst().orElseThrow();
            assertTrue(waited.answered(), waited.toString());
            assertEquals("fxs:fxs1", waited.dstLeg());
            assertEquals(mode == Mode.SURVIVAL ? "survival" : "normal", waited.mode());
        }
    }

    @Test
    void withoutTheAcknowledgementNoSpillAndAnUnansweredWaitingCallGetsBusyThenForwardsOnNoAnswer() throws Exception {
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s.replace("no-answer-timeout: 20s", "no-answer-timeout: 5s")).inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2"), c = gw.phone("fxs3"), d = gw.phone("fxs4");
            a.acknowledgeCallWaitingCallerId(false);
            a.playTone(700, -10);
            b.playTone(1000, -10);
            callAndAnswer(b, a, 1000);
            a.awaitCallerId(Duration.ofMillis(100)); // the ring's caller ID, if decoded
            TestGateway.liftAndDial(c, "6000");
            assertTrue(awaitHears(a, 440, S5), "fxs1 hears the call-waiting tone");
            Thread.sleep(1500);
            assertEquals(1, a.casHeard(), "the CAS came");
            assertNull(a.awaitCallerId(Duration.ofSeconds(1)), "no acknowledgement: no spill");
            assertTrue(c.awaitTone(ToneKind.BUSY, Duration.ofSeconds(8)), "not answered within 5 s: the waiting caller gets busy");
            assertTrue(awaitHears(a, 1000, S5), "fxs1 still talks with fxs2");
            c.onHook();
            Cdr busy = gw.awaitCdrs(1, S5).get(0);
            assertEquals(17, busy.q850Cause(), busy.toString());

            a.onHook();
            b.onHook();
        }
    }

    @Test
    void anUnansweredWaitingCallFollowsForwardOnNoAnswer() throws Exception {
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s.replace("no-answer-timeout: 20s", "no-answer-timeout: 5s")
                .replace("\"6003\": { barred: [international, premium] }",
                        "\"6003\": { barred: [international, premium] }\n    \"6000\": { forward-no-answer: \"6003\" }")).inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2"), c = gw.phone("fxs3"), d = gw.phone("fxs4");
            a.playTone(700, -10);
            b.playTone(1000, -10);
            callAndAnswer(b, a, 1000);
            TestGateway.liftAndDial(c, "6000");
            c.playTone(1500, -10);
            assertTrue(awaitHears(a, 440, S5), "call waiting");
            assertTrue(d.awaitRinging(Duration.ofSeconds(9)), "after 5 s the waiting call forwards to fxs4");
            d.offHook();
            d.playTone(1200, -10);
            assertTrue(awaitHears(c, 1200, S5), "fxs3 talks with fxs4");
            assertTrue(awaitHears(a, 1000, S5), "fxs1 still talks with fxs2");
            c.onHook();
            d.onHook();
            a.onHook();
            b.onHook();
            Cdr fwd = gw.awaitCdrs(2, S5).stream().filter(x -> "6002".equals(x.callingNumber())).findFirst().orElseThrow();
            assertEquals("6000", fwd.forwardedFrom());
            assertEquals("fxs:fxs4", fwd.dstLeg());
        }
    }

    @Test
    void callWaitingAndHoldSwitchedOffGiveBusyAndTheFlashIsIgnored() throws Exception {
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s.replace(
                "\"6003\": { barred: [international, premium] }",
                "\"6003\": { barred: [international, premium] }\n    \"6000\": { call-waiting: false, hold: false }")).inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2"), c = gw.phone("fxs3");
            a.playTone(700, -10);
            b.playTone(1000, -10);
            callAndAnswer(b, a, 1000);
            TestGateway.liftAndDial(c, "6000");
            assertTrue(c.awaitTone(ToneKind.BUSY, S5), "call waiting off: busy");
            assertEquals(0, a.casHeard());
            a.flash();
            Thread.sleep(500);
            assertTrue(awaitHears(a, 1000, S5), "the flash is ignored: fxs1 still talks with fxs2");
            assertTrue(awaitHears(b, 700, S5), "and fxs2 with fxs1");
            c.onHook();
            a.onHook();
            b.onHook();
        }
    }

}
