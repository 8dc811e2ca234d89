package dev.lifeline.it;

import static dev.lifeline.it.ServicesRig.S5;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.sip.FreePorts;
import dev.lifeline.store.Cdr;
import dev.lifeline.survival.Mode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An analog line's attended transfer between two SIP phones, handed to the held phone with REFER +
 * Replaces (RFC 3515, RFC 3891), in NORMAL and SURVIVAL. fxs1 calls 7000 (SIPp, the held party),
 * flashes, calls 7001 (SIPp echoing RTP, the third party) and hangs up once 7001 answered. The
 * gateway bridges 7000 and 7001 at once and sends 7000 REFER with Refer-To
 * {@code <sip:7001@gateway?Replaces=(its dialog with 7001)>}; 7000 accepts and sends INVITE with that
 * Replaces; the gateway answers it, ends 7000's old dialog (BYE) and leaves 7001's dialog alone.
 * A phone refusing the REFER (501) stays bridged by the gateway.
 */
@Tag("e2e")
@ParameterizedClass
@EnumSource(value = Mode.class, names = {"NORMAL", "SURVIVAL"})
class AttendedReferE2ETest {
    @Parameter
    Mode mode;

    /** fxs1 calls 7000 (held), flashes, calls 7001, which answers; then fxs1 hangs up. */
    private static void transferFromTheLine(VirtualPhone a) throws Exception {
        ServicesRig.lift(a, "7000");
        Thread.sleep(1500); // 7000 answers after 300 ms
        a.flash();
        assertTrue(a.awaitTone(ToneKind.DIAL, S5), "flash: dial tone, 7000 held");
        a.dialDtmf("7001");
        a.playTone(700, -10);
        assertTrue(ServicesRig.awaitHears(a, 700, Duration.ofSeconds(8)), "7001 answered and echoes fxs1");
        a.stopPlaying();
        a.onHook();
    }

    @Test
    void theHeldSipPhoneReplacesTheGatewaysDialogWithTheThird() throws Exception {
        try (TestGateway gw = ServicesRig.start(mode, s -> s)) {
            VirtualPhone a = gw.phone("fxs1");
            int heldPort = FreePorts.udpAndTcp(), thirdPort = FreePorts.udpAndTcp();
            try (Sipp held = Sipp.startOn(heldPort, "uas-referred-replaces.xml", gw.sipPort(), "-s", "7000",
                    "-au", "7000", "-ap", "lifeline7000", "-auth_uri", "7001@127.0.0.1:" + gw.sipPort());
                 Sipp third = Sipp.startOn(thirdPort, "uas-answer.xml", gw.sipPort(), "-s", "7001", "-rtp_echo")) {
                SipCallE2ETest.register("7000", "lifeline7000", heldPort, gw);
                SipCallE2ETest.register("7001", "lifeline7001", thirdPort, gw);
                transferFromTheLine(a);
                Thread.sleep(2000); // REFER, 202, INVITE with Replaces, 200, BYE of the old dialog
                assertTrue(third.alive(), "7001's dialog was left alone (no BYE): " + third.output());
                assertEquals(1, gw.gateway().activeCalls(), "one call: 7000's new dialog with 7001");
                assertEquals(0, held.await(20), "7000 saw REFER with Replaces, its INVITE answered, the old dialog's BYE\n"
                        + held.output());
                assertEquals(0, third.await(10), "7001 got the BYE only when 7000 hung up the new dialog\n" + third.output());
            }
            Thread.sleep(900);
            assertTrue(!a.isRinging(), "no recall: fxs1 is out of both calls");
            List<Cdr> cdrs = gw.awaitCdrs(2, S5);
            assertEquals(2, cdrs.size(), cdrs.toString());
            for (Cdr c : cdrs) ServicesRig.assertMode(mode, c);
            Cdr joined = cdrs.stream().filter(c -> "7001".equals(c.calledDialled())).findFirst().orElseThrow();
            assertEquals("7000", joined.callingNumber(), "the call to 7001 is 7000's now: " + joined);
            assertEquals("SIPp 7000", joined.callingName(), "and its calling leg the dialog 7000 opened with Replaces: " + joined);
            assertTrue(joined.rtp() != null && joined.rtp().packetsSent() > 0, "the new dialog carried 7001's audio: " + joined);
            assertEquals(16, joined.q850Cause());
        }
    }

    @Test
    void aPhoneRefusingTheReferStaysBridgedByTheGateway() throws Exception {
        try (TestGateway gw = ServicesRig.start(mode, s -> s)) {
            VirtualPhone a = gw.phone("fxs1");
            int heldPort = FreePorts.udpAndTcp(), thirdPort = FreePorts.udpAndTcp();
            try (Sipp held = Sipp.startOn(heldPort, "uas-refuses-refer.xml", gw.sipPort(), "-s", "7000");
                 Sipp third = Sipp.startOn(thirdPort, "uas-answer.xml", gw.sipPort(), "-s", "7001", "-rtp_echo")) {
                SipCallE2ETest.register("7000", "lifeline7000", heldPort, gw);
                SipCallE2ETest.register("7001", "lifeline7001", thirdPort, gw);
                transferFromTheLine(a);
                Thread.sleep(1000);
                assertTrue(third.alive(), "7001 still in its call: " + third.output());
                assertEquals(1, gw.gateway().activeCalls(), "7000 and 7001 bridged by the gateway");
                assertEquals(0, held.await(20), "7000 refused the REFER with Replaces (501), then hung up\n" + held.output());
                assertEquals(0, third.await(10), "7001 got the BYE when 7000 hung up\n" + third.output());
            }
            List<Cdr> cdrs = gw.awaitCdrs(2, S5);
            Cdr joined = cdrs.stream().filter(c -> "7001".equals(c.calledDialled())).findFirst().orElseThrow();
            assertEquals("7000", joined.callingNumber(), joined.toString());
            assertEquals("Phone 7000", joined.callingName(), "the gateway's own leg to 7000 stayed in the call: " + joined);
            assertTrue(joined.answered());
            ServicesRig.assertMode(mode, joined);
        }
    }

    @Test
    void anInviteReplacingADialogTheGatewayDoesNotHaveGets481() throws Exception {
        try (TestGateway gw = ServicesRig.start(mode, s -> s)) {
            VirtualPhone b = gw.phone("fxs2");
            try (Sipp phone = Sipp.start("uac-replaces-unknown.xml", gw.sipPort(), SipCallE2ETest.caller("6001", "lifeline7000", gw))) {
                assertEquals(0, phone.await(15), "481 to the INVITE with Replaces (Require: replaces understood)\n" + phone.output());
            }
            assertTrue(!b.isRinging(), "nothing rang for it");
            assertEquals(0, gw.gateway().activeCalls());
            assertEquals(0, gw.cdrs().size(), "no call, no CDR: " + gw.cdrs());
        }
    }
}
