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
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hunt groups with a SIP user as member (issue #13), in NORMAL and SURVIVAL: a linear hunt whose
 * analog member does not answer goes on to SIP phone 7000 (SIPp, registered), which answers and
 * echoes RTP, so the caller hears itself through the phone; a SIP member that answers 486 is
 * skipped at once (not after its member-timeout) and the next member takes the call.
 */
@Tag("e2e")
@ParameterizedClass
@EnumSource(value = Mode.class, names = {"NORMAL", "SURVIVAL"})
class HuntSipMemberE2ETest {
    private static final String DEMO_GROUP =
            "{ pilot: \"6100\", strategy: linear, members: [\"6001\", \"6002\", \"7000\"], member-timeout: 15s, overflow: \"6003\" }";

    @Parameter
    Mode mode;

    private static UnaryOperator<String> linear(String members, String timeout) {
        return s -> {
            if (!s.contains(DEMO_GROUP)) throw new IllegalStateException("the demo's hunt group changed");
            return s.replace(DEMO_GROUP, "{ pilot: \"6100\", strategy: linear, members: " + members + ", member-timeout: "
                    + timeout + " }");
        };
    }

    @Test
    void theSipMemberAnswersAfterTheAnalogMemberRangUnanswered() throws Exception {
        try (TestGateway gw = ServicesRig.start(mode, linear("[\"6001\", \"7000\"]", "2s"))) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2");
            int phonePort = FreePorts.udpAndTcp();
            try (Sipp phone = Sipp.startOn(phonePort, "uas-answer.xml", gw.sipPort(), "-s", "7000", "-rtp_echo")) {
                SipCallE2ETest.register("7000", "lifeline7000", phonePort, gw);
                ServicesRig.lift(a, "6100");
                assertTrue(b.awaitRinging(Duration.ofSeconds(4)), "the first member, 6001, rings");
                a.playTone(1000, -10);
                assertTrue(ServicesRig.awaitHears(a, 1000, Duration.ofSeconds(8)),
                        "after 2 s the SIP member rang and answered: fxs1 hears itself echoed by it\n" + phone.output());
                Thread.sleep(700);
                assertFalse(b.isRinging(), "6001 rings no more");
                a.onHook();
                assertEquals(0, phone.await(15), "the SIP member got INVITE, ACK, then fxs1's BYE\n" + phone.output());
            }
            Cdr cdr = gw.awaitCdrs(1, S5).get(0);
            assertTrue(cdr.dstLeg().startsWith("sip:7000"), "the SIP member answered: " + cdr);
            assertEquals("6100", cdr.calledDialled());
            assertEquals(200, cdr.sipStatus());
            ServicesRig.assertMode(mode, cdr);
        }
    }

    @Test
    void aBusySipMemberIsSkippedAtOnce() throws Exception {
        try (TestGateway gw = ServicesRig.start(mode, linear("[\"7000\", \"6002\"]", "15s"))) {
            VirtualPhone a = gw.phone("fxs1"), c = gw.phone("fxs3");
            int phonePort = FreePorts.udpAndTcp();
            try (Sipp phone = Sipp.startOn(phonePort, "uas-busy.xml", gw.sipPort(), "-s", "7000")) {
                SipCallE2ETest.register("7000", "lifeline7000", phonePort, gw);
                ServicesRig.lift(a, "6100");
                assertEquals(0, phone.await(10), "the SIP member was offered the call and answered 486\n" + phone.output());
                assertTrue(c.awaitRinging(Duration.ofSeconds(3)), "6002 rings at once, not after 7000's 15 s");
            }
            c.offHook();
            ServicesRig.assertTalk(a, c);
            a.onHook();
            c.onHook();
            Cdr cdr = gw.awaitCdrs(1, S5).get(0);
            assertEquals("fxs:fxs3", cdr.dstLeg(), cdr.toString());
            assertEquals("6100", cdr.calledDialled());
            ServicesRig.assertMode(mode, cdr);
        }
    }
}
