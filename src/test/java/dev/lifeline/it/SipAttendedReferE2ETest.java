package dev.lifeline.it;

import static dev.lifeline.it.ServicesRig.S5;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.sip.FreePorts;
import dev.lifeline.store.Cdr;
import dev.lifeline.survival.Mode;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A SIP phone's attended transfer (REFER with Replaces, RFC 3515 + RFC 3891) between two analog
 * lines, in NORMAL and SURVIVAL: fxs2 (6001) calls SIP phone 7000 (SIPp), which answers, calls
 * fxs1 (6000) itself, and then, in its dialog with fxs1, REFERs fxs1 to 6001 replacing its dialog
 * with fxs2. The phone gets 202, the NOTIFY and a BYE for each dialog; fxs1 and fxs2 talk.
 */
@Tag("e2e")
@ParameterizedClass
@EnumSource(value = Mode.class, names = {"NORMAL", "SURVIVAL"})
class SipAttendedReferE2ETest {
    @Parameter
    Mode mode;

    @Test
    void aSipPhoneJoinsItsTwoAnalogCallsWithReferAndReplaces() throws Exception {
        try (TestGateway gw = ServicesRig.start(mode, s -> s)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2");
            int phonePort = FreePorts.udpAndTcp();
            try (Sipp phone = Sipp.startOn(phonePort, "uas-attended-refer.xml", gw.sipPort(), "-s", "7000",
                    "-au", "7000", "-ap", "lifeline7000", "-auth_uri", "6000@127.0.0.1:" + gw.sipPort(),
                    "-key", "target", "6000", "-key", "referto", "6001")) {
                SipCallE2ETest.register("7000", "lifeline7000", phonePort, gw);
                ServicesRig.lift(b, "7000");
                assertTrue(a.awaitRinging(java.time.Duration.ofSeconds(10)),
                        "the phone answered fxs2 and calls fxs1 itself: " + phone.output());
                a.offHook();
                assertEquals(0, phone.await(30), "REFER with Replaces: 202, NOTIFY sipfrag 200, BYE for both dialogs\n"
                        + phone.output());
            }
            ServicesRig.assertTalk(a, b);
            assertFalse(a.isRinging() || b.isRinging(), "nobody rings");
            assertEquals(1, gw.gateway().activeCalls(), "one call left: fxs1 with fxs2");
            b.onHook();
            Thread.sleep(300);
            a.onHook();
            List<Cdr> cdrs = gw.awaitCdrs(2, S5);
            assertEquals(2, cdrs.size(), "two calls, fxs2's to the phone and the phone's to fxs1: " + cdrs);
            for (Cdr c : cdrs) ServicesRig.assertMode(mode, c);
            Cdr joined = cdrs.stream().filter(c -> "fxs:fxs2".equals(c.srcLeg())).findFirst().orElseThrow();
            assertEquals("fxs:fxs1", joined.dstLeg(), "fxs2's call ends with fxs1 in the phone's place: " + joined);
            assertTrue(joined.answered());
            assertEquals(16, joined.q850Cause());
            Cdr phoneCall = cdrs.stream().filter(c -> "6000".equals(c.calledDialled())).findFirst().orElseThrow();
            assertEquals("7000", phoneCall.callingNumber(), "the phone's own call to fxs1: " + phoneCall);
        }
    }
}
