package dev.lifeline.it;

import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.Parameter;
import dev.lifeline.survival.Mode;
import static dev.lifeline.it.CallWaitingE2ETest.awaitHears;
import static dev.lifeline.it.CallWaitingE2ETest.callAndAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Transfer by hook flash between analog lines (issue #13): flash, dial, hang up. Attended when
 * the third party answered first, blind while it still rings; the held party then talks with
 * it, and the transferring line is free at once. fxs1 transfers; fxs2 (1000 Hz) is held;
 * fxs3 (1500 Hz) is the target.
 */
@Tag("e2e")
@ParameterizedClass
@EnumSource(value = Mode.class, names = {"NORMAL", "SURVIVAL"})
class TransferE2ETest {
    /** Each test runs with the gateway in NORMAL mode and forced into SURVIVAL (issue #13). */
    @Parameter
    Mode mode;

    private static final Duration S5 = Duration.ofSeconds(5);

    private static void holdAndDial(VirtualPhone a, String number) throws Exception {
        a.flash();
        assertTrue(a.awaitTone(ToneKind.DIAL, S5), "flash: dial tone, the call held");
        a.dialDtmf(number);
    }

    @Test
    void attendedTransferConnectsTheHeldPartyWithTheAnsweredThirdAndFreesTheLine() throws Exception {
        try (TestGateway gw = TestGateway.demo().inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2"), c = gw.phone("fxs3"), d = gw.phone("fxs4");
            a.playTone(700, -10);
            callAndAnswer(b, a, 1000);
            holdAndDial(a, "6002");
            a.playTone(700, -10);
            assertTrue(c.awaitRinging(S5));
            c.offHook();
            c.playTone(1500, -10);
            assertTrue(awaitHears(a, 1500, S5), "fxs1 announces the call to fxs3");
            a.onHook();
            assertTrue(awaitHears(b, 1500, S5), "transferred: fxs2 hears fxs3");
            assertTrue(awaitHears(c, 1000, S5), "and fxs3 hears fxs2");
            Thread.sleep(900);
            assertTrue(!a.isRinging(), "no recall: nothing is held any more");
            TestGateway.liftAndDial(d, "6000");
            assertTrue(a.awaitRinging(S5), "the transferring line is free for a new call");
            d.onHook();
            b.onHook();
            assertTrue(c.awaitTone(ToneKind.DISCONNECT, S5), "fxs2 hung up: fxs3 hears disconnect");
            c.onHook();
            List<Cdr> cdrs = gw.awaitCdrs(3, S5);
            Cdr transferred = cdrs.stream().filter(x -> "fxs:fxs3".equals(x.dstLeg())).findFirst().orElseThrow();
            assertEquals("6001", transferred.callingNumber(), "the second call is fxs2's now: " + transferred);
            assertTrue(transferred.answered());
            assertEquals(gw.cdrMode(), transferred.mode());
        }
    }

    @Test
    void blindTransferGivesTheHeldPartyRingbackUntilTheThirdAnswers() throws Exception {
        try (TestGateway gw = TestGateway.demo().inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2"), c = gw.phone("fxs3");
            a.playTone(700, -10);
            callAndAnswer(b, a, 1000);
            holdAndDial(a, "6002");
            assertTrue(c.awaitRinging(S5));
            a.onHook(); // while fxs3 still rings
            assertTrue(b.awaitTone(ToneKind.RINGBACK, Duration.ofSeconds(8)), "blind: fxs2 hears ringback");
            c.offHook();
            c.playTone(1500, -10);
            assertTrue(awaitHears(b, 1500, S5), "fxs3 answered: fxs2 hears fxs3");
            assertTrue(awaitHears(c, 1000, S5), "and fxs3 hears fxs2");
            Thread.sleep(900);
            assertTrue(!a.isRinging(), "no recall");
            c.onHook();
            b.onHook();
        }
    }

    @Test
    void aSipPhoneTransfersTheAnalogLineItTalksToWithReferBlind() throws Exception {
        try (TestGateway gw = TestGateway.demo().inMode(mode)) {
            VirtualPhone b = gw.phone("fxs2"), c = gw.phone("fxs3");
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(SipCallE2ETest.caller("6001", "lifeline7000", gw)),
                    java.util.stream.Stream.of("-key", "refer_to", "6002")).toArray(String[]::new);
            try (Sipp sipp = Sipp.start("uac-refer.xml", gw.sipPort(), args)) {
                assertTrue(b.awaitRinging(S5), sipp.output());
                b.offHook();
                b.playTone(1000, -10);
                assertEquals(0, sipp.await(30), "REFER: 202, NOTIFY sipfrag 200, then the gateway's BYE\n" + sipp.output());
            }
            assertTrue(c.awaitRinging(S5), "fxs2 was transferred to 6002: fxs3 rings");
            dev.lifeline.dsp.CallerId cid = c.awaitCallerId(Duration.ofSeconds(6));
            assertTrue(cid != null && "6001".equals(cid.number()), "fxs3 sees the transferred party: " + cid);
            assertTrue(b.awaitTone(ToneKind.RINGBACK, Duration.ofSeconds(8)), "fxs2 hears ringback meanwhile");
            c.offHook();
            c.playTone(1500, -10);
            assertTrue(awaitHears(b, 1500, S5), "fxs2 talks with fxs3");
            assertTrue(awaitHears(c, 1000, S5), "and fxs3 with fxs2");
            c.onHook();
            b.onHook();
            List<Cdr> cdrs = gw.awaitCdrs(2, S5);
            assertEquals(2, cdrs.size(), cdrs.toString());
        }
    }

    @Test
    void attendedTransferOfAnAnalogLineToASipPhone() throws Exception {
        try (TestGateway gw = TestGateway.demo().inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2");
            int uasPort = dev.lifeline.sip.FreePorts.udpAndTcp();
            // SIPp echoes RTP: fxs2 hearing its own 1 kHz come back proves it talks to the SIP phone
            try (Sipp uas = Sipp.startOn(uasPort, "uas-answer.xml", gw.sipPort(), "-s", "7001", "-rtp_echo")) {
                SipCallE2ETest.register("7001", "lifeline7001", uasPort, gw);
                a.playTone(700, -10);
                callAndAnswer(b, a, 1000);
                holdAndDial(a, "7001");
                a.playTone(700, -10);
                assertTrue(awaitHears(a, 700, Duration.ofSeconds(8)), "the SIP phone answered and echoes fxs1");
                a.onHook();
                assertTrue(awaitHears(b, 1000, Duration.ofSeconds(8)), "transferred: fxs2 hears itself echoed by the SIP phone");
                Thread.sleep(900);
                assertTrue(!a.isRinging(), "no recall");
                b.onHook();
                assertEquals(0, uas.await(20), "SIPp saw INVITE, ACK and the BYE after fxs2 hung up\n" + uas.output());
            }
            Cdr sip = gw.awaitCdrs(2, S5).stream().filter(x -> x.dstLeg() != null && x.dstLeg().startsWith("sip:7001"))
                    .findFirst().orElseThrow();
            assertEquals("6001", sip.callingNumber(), "the SIP call is fxs2's after the transfer: " + sip);
        }
    }

    @Test
    void blindTransferOfASipCallerIsHandedToThePhoneWithRefer() throws Exception {
        try (TestGateway gw = TestGateway.demo().inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), c = gw.phone("fxs3");
            try (Sipp sipp = Sipp.start("uac-referred.xml", gw.sipPort(), SipCallE2ETest.caller("6000", "lifeline7000", gw))) {
                assertTrue(a.awaitRinging(S5), sipp.output());
                Thread.sleep(300);
                a.offHook();
                Thread.sleep(1000);
                holdAndDial(a, "6002");
                assertTrue(c.awaitRinging(S5), "fxs3 rings for fxs1's second call");
                a.onHook(); // blind transfer of the SIP caller to 6002
                assertEquals(0, sipp.await(20), "SIPp got the REFER (Refer-To 6002 at the gateway), accepted it, got BYE\n"
                        + sipp.output());
            }
            Thread.sleep(500);
            assertTrue(!c.isRinging(), "the gateway's own call to fxs3 ended: the SIP phone calls it itself");
            Thread.sleep(900);
            assertTrue(!a.isRinging(), "no recall: fxs1 is out of both calls");
            // the phone follows the REFER: its own call to 6002
            try (Sipp follow = Sipp.start("uac-call.xml", gw.sipPort(), SipCallE2ETest.caller("6002", "lifeline7000", gw))) {
                assertTrue(c.awaitRinging(S5), "the SIP phone's own call rings fxs3: " + follow.output());
                c.offHook();
                assertEquals(0, follow.await(30), follow.output());
            }
            c.onHook();
            List<Cdr> cdrs = gw.awaitCdrs(3, S5);
            assertTrue(cdrs.size() >= 3, cdrs.toString());
        }
    }
}
