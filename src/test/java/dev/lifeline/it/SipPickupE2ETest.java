package dev.lifeline.it;

import static dev.lifeline.it.ServicesRig.S5;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.sip.FreePorts;
import dev.lifeline.store.Cdr;
import dev.lifeline.survival.Mode;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Call pickup with SIP phones (issue #13), in NORMAL and SURVIVAL: SIP phone 7000 (SIPp, in the demo's
 * front-office pickup group) answers a ringing analog line with {@code *8} and with {@code **6002}
 * (it echoes RTP, so the analog caller hears itself through the phone); and an analog line picks up
 * a ringing SIP phone, whose INVITE is cancelled while the picker talks with the caller.
 */
@Tag("e2e")
@ParameterizedClass
@EnumSource(value = Mode.class, names = {"NORMAL", "SURVIVAL"})
class SipPickupE2ETest {
    @Parameter
    Mode mode;

    /** SIPp as 7000 dialling {@code code}, echoing RTP for {@code holdMs} after the answer, then BYE. */
    private static Sipp sipDials(String code, TestGateway gw, int holdMs) throws Exception {
        String[] args = Stream.concat(Stream.of(SipCallE2ETest.caller(code, "lifeline7000", gw)),
                Stream.of("-rtp_echo", "-d", String.valueOf(holdMs))).toArray(String[]::new);
        return Sipp.start("uac-call-echo.xml", gw.sipPort(), args);
    }

    @Test
    void aSipPhoneGroupPicksUpARingingLine() throws Exception {
        try (TestGateway gw = ServicesRig.start(mode, s -> s)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2");
            ServicesRig.lift(b, "6000");
            assertTrue(a.awaitRinging(Duration.ofSeconds(4)), "fxs1 rings");
            try (Sipp picker = sipDials("*8", gw, 6000)) {
                Thread.sleep(1500);
                assertFalse(a.isRinging(), "fxs1 stops ringing: " + picker.output());
                b.playTone(1000, -10);
                assertTrue(ServicesRig.awaitHears(b, 1000, S5), "fxs2 talks to the SIP phone (its echo comes back)");
                assertEquals(0, picker.await(20), "the SIP phone's *8 was answered 200, then it hung up\n" + picker.output());
            }
            b.onHook();
            Cdr cdr = gw.awaitCdrs(1, S5).get(0);
            assertTrue(cdr.dstLeg().startsWith("sip:7000"), "the picker is the callee: " + cdr);
            assertEquals("6000", cdr.calledDialled());
            assertTrue(cdr.answered());
            ServicesRig.assertMode(mode, cdr);
            assertEquals(1, gw.cdrs().size(), "the pickup dial leaves no CDR of its own: " + gw.cdrs());
        }
    }

    @Test
    void aSipPhoneDirectedPicksUpALineOutsideItsGroup() throws Exception {
        try (TestGateway gw = ServicesRig.start(mode, s -> s)) {
            VirtualPhone c = gw.phone("fxs3"), d = gw.phone("fxs4");
            ServicesRig.lift(d, "6002"); // the lobby (no group) calls 6002
            assertTrue(c.awaitRinging(Duration.ofSeconds(4)), "fxs3 rings");
            try (Sipp picker = sipDials("**6002", gw, 5000)) {
                Thread.sleep(1500);
                assertFalse(c.isRinging(), "fxs3 stops ringing: " + picker.output());
                d.playTone(1000, -10);
                assertTrue(ServicesRig.awaitHears(d, 1000, S5), "fxs4 talks to the SIP phone");
                assertEquals(0, picker.await(20), picker.output());
            }
            d.onHook();
            Cdr cdr = gw.awaitCdrs(1, S5).get(0);
            assertTrue(cdr.dstLeg().startsWith("sip:7000"), cdr.toString());
            assertEquals("6002", cdr.calledDialled());
            ServicesRig.assertMode(mode, cdr);
        }
    }

    @Test
    void aLinePicksUpARingingSipPhoneWhoseInviteIsCancelled() throws Exception {
        try (TestGateway gw = ServicesRig.start(mode, s -> s)) {
            VirtualPhone b = gw.phone("fxs2"), c = gw.phone("fxs3");
            int phonePort = FreePorts.udpAndTcp();
            try (Sipp phone = Sipp.startOn(phonePort, "uas-ring-cancel.xml", gw.sipPort(), "-s", "7000")) {
                SipCallE2ETest.register("7000", "lifeline7000", phonePort, gw);
                ServicesRig.lift(b, "7000");
                Thread.sleep(1500); // the phone rings (180)
                assertTrue(phone.alive(), "the SIP phone still rings: " + phone.output());
                ServicesRig.lift(c, "*8#");
                assertEquals(0, phone.await(15), "the phone's INVITE was cancelled (CANCEL, 487, ACK)\n" + phone.output());
            }
            ServicesRig.assertTalk(b, c);
            b.onHook();
            c.onHook();
            List<Cdr> cdrs = gw.awaitCdrs(1, S5);
            Cdr cdr = cdrs.get(0);
            assertEquals("fxs:fxs3", cdr.dstLeg(), cdr.toString());
            assertEquals("7000", cdr.calledDialled());
            assertTrue(cdr.answered());
            ServicesRig.assertMode(mode, cdr);
        }
    }
}
