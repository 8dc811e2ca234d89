package dev.lifeline.it;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.Parameter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.rig.co.CentralOffice;
import dev.lifeline.rig.co.Subscriber;
import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import dev.lifeline.survival.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Supplementary services on analog lines and SIP phones, judged by what the phones hear and
 * see (issue #13): call forwarding switched by feature codes (always, busy, no answer) to a
 * line, a SIP user and the virtual CO; do-not-disturb; hotline and warm line; call barring with
 * emergency calls still allowed; state that survives a restart. In NORMAL and SURVIVAL alike.
 */
@Tag("e2e")
@ParameterizedClass
@EnumSource(value = Mode.class, names = {"NORMAL", "SURVIVAL"})
class LineServicesE2ETest {
    /** Each test runs with the gateway in NORMAL mode and forced into SURVIVAL (issue #13). */
    @Parameter
    Mode mode;

    private static final Duration S5 = Duration.ofSeconds(5);

    /** Dials a feature code (ended with #) on {@code p} and checks the confirmation beeps (dial-tone frequencies, then silence). */
    private static void featureCode(VirtualPhone p, String code) throws Exception {
        p.offHook();
        Thread.sleep(300);
        ToneKind heard = p.heardTone(Duration.ofMillis(300));
        assertTrue(heard == ToneKind.DIAL || heard == ToneKind.REMINDER_DIAL || heard == ToneKind.STUTTER_DIAL
                || FxsCallE2ETest.awaitHears(p, 440), p.portId() + " hears a dial tone: " + heard);
        p.dialDtmf(code + (code.length() > 3 ? "#" : ""));
        assertTrue(FxsCallE2ETest.awaitHears(p, 440), p.portId() + " hears the confirmation for " + code);
        Thread.sleep(2500); // the feature call hangs up after 2 s
        p.onHook();
        Thread.sleep(900); // on hook long enough to be a hang-up
    }

    @Test
    void forwardAlwaysToAnotherLineIsSwitchedByFeatureCode() throws Exception {
        try (TestGateway gw = TestGateway.demo().inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2"), c = gw.phone("fxs3");
            featureCode(a, "*726002");
            GatewayProcess.Result st = GatewayProcess.run("status", "--json", "--data", gw.dataDir().toString());
            assertTrue(st.out().contains("\"6000\":{\"forwardAlways\":\"6002\""), "status shows the forward\n" + st.out());
            TestGateway.liftAndDial(b, "6000");
            assertTrue(c.awaitRinging(Duration.ofSeconds(6)), "6000 forwards to 6002: fxs3 rings");
            CallerId cid = c.awaitCallerId(Duration.ofSeconds(6));
            assertNotNull(cid);
            assertEquals("6001", cid.number(), "fxs3 sees the original caller");
            assertTrue(!a.isRinging(), "fxs1 does not ring");
            c.offHook();
            c.playTone(1000, -10);
            assertTrue(FxsCallE2ETest.awaitHears(b, 1000), "connected: fxs3 heard on fxs2");
            c.stopPlaying();
            b.onHook();
            c.onHook();
            Cdr forwarded = gw.awaitCdrs(2, S5).get(1);
            assertEquals("6000", forwarded.forwardedFrom(), forwarded.toString());
            assertEquals("fxs:fxs3", forwarded.dstLeg());
            assertEquals(mode == Mode.SURVIVAL ? "survival" : "normal", forwarded.mode());
            Thread.sleep(900);
            featureCode(a, "*73");
            TestGateway.liftAndDial(b, "6000");
            assertTrue(a.awaitRinging(Duration.ofSeconds(6)), "forward off: fxs1 rings again");
            b.onHook();
        }
    }

    @Test
    void doNotDisturbGivesCallersBusyAndTheLineAReminderDialTone() throws Exception {
        try (TestGateway gw = TestGateway.demo().inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2");
            featureCode(a, "*78");
            a.offHook();
            assertTrue(a.awaitTone(ToneKind.REMINDER_DIAL, Duration.ofSeconds(4)), "DND reminder, not plain or stutter dial tone");
            a.onHook();
            Thread.sleep(900);
            TestGateway.liftAndDial(b, "6000");
            assertTrue(b.awaitTone(ToneKind.BUSY, S5), "the caller hears busy");
            assertTrue(!a.isRinging());
            b.onHook();
            Cdr dnd = gw.awaitCdrs(2, S5).get(1);
            assertEquals(17, dnd.q850Cause());
            assertEquals(gw.cdrMode(), dnd.mode());
            Thread.sleep(900);
            featureCode(a, "*79");
            a.offHook();
            assertTrue(a.awaitDialTone(Duration.ofSeconds(3)), "the reminder is gone: the line's usual dial tone again");
            a.onHook();
        }
    }

    @Test
    void forwardOnNoAnswerToASipPhoneAndOnBusyToTheCentralOffice() throws Exception {
        UnaryOperator<String> site = s -> s.replace("no-answer-timeout: 20s", "no-answer-timeout: 5s")
                .replace("0[1-9]xxxxxxxxx|", "0[1-9]xxxxxxxxx|0[1-9]xxxxxx|");
        try (TestGateway gw = TestGateway.start("demo.yaml", site).inMode(mode); CentralOffice co = new CentralOffice("us")) {
            co.plug("127.0.0.1", gw.gateway().simPort(), "fxo1", "5550100");
            Subscriber bob = co.addSubscriber("5551234", "Bob");
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2");
            int uasPort = dev.lifeline.sip.FreePorts.udpAndTcp();
            try (Sipp uas = Sipp.startOn(uasPort, "uas-answer.xml", gw.sipPort(), "-s", "7000")) {
                SipCallE2ETest.register("7000", "lifeline7000", uasPort, gw);
                featureCode(a, "*927000");
                TestGateway.liftAndDial(b, "6000");
                assertTrue(a.awaitRinging(Duration.ofSeconds(4)), "fxs1 rings first");
                assertTrue(FxsCallE2ETest.awaitHears(b, 440) || b.awaitTone(ToneKind.RINGBACK, S5), "the caller hears ringback");
                Thread.sleep(5500);
                assertTrue(!a.isRinging(), "after 5 s without answer fxs1 stops ringing");
                b.onHook();
                assertEquals(0, uas.await(15), "7000 (SIPp) got the forwarded call and answered\n" + uas.output());
            }
            Cdr cfnr = gw.awaitCdrs(2, S5).get(1);
            assertEquals("6000", cfnr.forwardedFrom());
            assertTrue(cfnr.dstLeg().startsWith("sip:7000"), cfnr.toString());

            featureCode(a, "*9005551234");
            a.offHook(); // 6000 is busy now (off hook, dial tone)
            TestGateway.liftAndDial(b, "6000");
            assertTrue(bob.awaitRinging(Duration.ofSeconds(8)), "busy: forwarded out on the FXO trunk to the CO subscriber\n" + co.events());
            assertEquals(List.of("5551234"), co.line("fxo1").dialledNumbers());
            b.onHook();
            a.onHook();
        }
    }

    @Test
    void hotlineDialsAtOnceAndWarmLineAfterItsDelay() throws Exception {
        UnaryOperator<String> site = s -> s.replace("\"6003\": { barred: [international, premium] }",
                "\"6003\": { hotline: \"6000\" }\n    \"6002\": { warmline: \"6001\", warmline-after: 4s }");
        try (TestGateway gw = TestGateway.start("demo.yaml", site).inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2"), c = gw.phone("fxs3"), d = gw.phone("fxs4");
            d.offHook();
            assertTrue(a.awaitRinging(Duration.ofSeconds(2)), "lifting fxs4 (hotline) rings 6000 at once");
            d.onHook();
            Thread.sleep(900);
            c.offHook();
            assertTrue(c.awaitDialTone(Duration.ofSeconds(3)), "the warm line gives dial tone first");
            assertTrue(!b.isRinging());
            assertTrue(b.awaitRinging(Duration.ofSeconds(4)), "then, with nothing dialled, rings 6001");
            c.onHook();
            Thread.sleep(900);
            TestGateway.liftAndDial(c, "6000");
            assertTrue(a.awaitRinging(Duration.ofSeconds(4)), "dialling before the delay goes where dialled");
            c.onHook();
        }
    }

    @Test
    void barredCallsGetReorderOr403AndCause21ButEmergencyStillGoesOut() throws Exception {
        UnaryOperator<String> site = s -> s.replace("\"6003\": { barred: [international, premium] }",
                "\"6003\": { barred: [international, premium] }\n    \"7000\": { barred: [premium] }");
        try (TestGateway gw = TestGateway.start("demo.yaml", site).inMode(mode); CentralOffice co = new CentralOffice("us")) {
            co.plug("127.0.0.1", gw.gateway().simPort(), "fxo1", "5550100");
            co.addSubscriber("911", "PSAP");
            VirtualPhone d = gw.phone("fxs4");
            TestGateway.liftAndDial(d, "09005550123"); // +1 900: premium
            assertTrue(d.awaitTone(ToneKind.CONGESTION, S5), "the lobby phone hears reorder");
            d.onHook();
            assertEquals(21, gw.awaitCdrs(1, S5).get(0).q850Cause());
            Thread.sleep(900);
            TestGateway.liftAndDial(d, "911");
            assertEquals(List.of("911"), co.awaitDialled("fxo1", 1, Duration.ofSeconds(8)), "emergency is never barred");
            d.onHook();
            try (Sipp sipp = Sipp.start("uac-expect-403.xml", gw.sipPort(), SipCallE2ETest.caller("09005550123", "lifeline7000", gw))) {
                assertEquals(0, sipp.await(15), "a barred SIP call gets 403\n" + sipp.output());
            }
            Cdr sip = gw.awaitCdrs(3, S5).stream().filter(c -> c.srcLeg().startsWith("sip:")).findFirst().orElseThrow();
            assertEquals(21, sip.q850Cause());
            assertEquals(403, sip.sipStatus());
        }
    }

    @Test
    void aSipPhoneSwitchesDoNotDisturbAndTheStateSurvivesARestart() throws Exception {
        Path data = Files.createTempDirectory("lifeline-services");
        int sip = dev.lifeline.sip.FreePorts.udpAndTcp();
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s, sip, data).inMode(mode)) {
            Path dir = Files.createTempDirectory("sipp-feature");
            dev.lifeline.bench.PcapGen.main(new String[] {dir.resolve("tone.pcap").toString(), "5"});
            try (Sipp f = Sipp.startIn(dir, dev.lifeline.sip.FreePorts.udpAndTcp(), "uac-call-until-bye.xml", gw.sipPort(),
                    "-s", "*78", "-au", "7000", "-ap", "lifeline7000", "-key", "caller", "7000",
                    "-auth_uri", "*78@127.0.0.1:" + gw.sipPort())) {
                assertEquals(0, f.await(15), "7000 dials *78: answered, confirmed, hung up by the gateway\n" + f.output());
            }
            VirtualPhone a = gw.phone("fxs1");
            featureCode(a, "*726001");
        }
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s, sip, data).inMode(mode)) {
            GatewayProcess.Result st = GatewayProcess.run("status", "--json", "--data", data.toString());
            assertTrue(st.out().contains("\"7000\":{\"forwardAlways\":null,\"forwardBusy\":null,\"forwardNoAnswer\":null,\"doNotDisturb\":true}"),
                    st.out());
            VirtualPhone b = gw.phone("fxs2"), c = gw.phone("fxs3");
            TestGateway.liftAndDial(c, "6000");
            assertTrue(b.awaitRinging(Duration.ofSeconds(6)), "after the restart 6000 still forwards to 6001");
            c.onHook();
        }
    }
}
