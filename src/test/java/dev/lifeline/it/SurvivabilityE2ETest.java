package dev.lifeline.it;

import static dev.lifeline.it.RegisterViaHqE2ETest.awaitMode;
import static dev.lifeline.it.RegisterViaHqE2ETest.kamcmd;
import static dev.lifeline.it.RegisterViaHqE2ETest.via;
import static dev.lifeline.it.UpstreamE2ETest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lifeline.bench.PcapGen;
import dev.lifeline.dsp.CallerId;
import dev.lifeline.rig.co.CentralOffice;
import dev.lifeline.rig.co.Subscriber;
import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.sip.FreePorts;
import dev.lifeline.store.Cdr;
import dev.lifeline.survival.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinylog.Logger;

/**
 * Issue #4's "tests that must pass", in the order a branch lives them, on the real WAN-cut rig
 * ({@link WanRig}: HQ in its own network namespace as root, else behind the fault-injecting relay)
 * with Kamailio as HQ (the site's realm), the demo site's lines registering there, 6xxx/7xxx routed
 * {@code via: [hq, local]}, SIP phone 7000 (SIPp) registered through the gateway, trunk fxo1 on a
 * virtual central office, and a 5 s hold-down:
 * <ol>
 *   <li>NORMAL: lines and 7000 registered at Kamailio; HQ's caller 8000 rings fxs2; fxs1's call to 7000
 *       goes through Kamailio and 7000 answers (echoing RTP);</li>
 *   <li>that call stays up with audio both ways across the cut; SURVIVAL within 5 s;</li>
 *   <li>SURVIVAL: fxs1 → 7000 on the shadow binding, 7000 → 6001, fxs1 → 0 + CO subscriber (trunk number
 *       shown), CO → FXO → the configured extension with caller ID, an unauthenticated REGISTER refused,
 *       CDRs in mode survival;</li>
 *   <li>calls made during survival (fxs3 ↔ fxs4, fxs1 ↔ 7000) stay up, audio both ways, across recovery;</li>
 *   <li>NORMAL only after the hold-down; lines re-register at Kamailio, 7000's next REGISTER is HQ's again.</li>
 * </ol>
 */
@Tag("e2e")
class SurvivabilityE2ETest {
    private static final Path HOME = TestGateway.HOME;
    private static final String REALM = "demo-branch"; // the demo site's realm: HQ answers the branch phones' HA1s
    private static final int HOLD_DOWN_S = 5;
    private static final Duration S3 = Duration.ofSeconds(3);
    private static final List<String> LINES = List.of("6000", "6001", "6002", "6003");

    /** demo.yaml on the rig: lines with HQ identities, calls via HQ first, 7-digit PSTN numbers after 0, PSTN calls ring 6002. */
    static UnaryOperator<String> site(WanRig rig) {
        return s -> RegisterViaHqE2ETest.site(rig, HOLD_DOWN_S, 60).apply(UpstreamE2ETest.viaHq(s)
                .replace("[6-7]xxx|0[1-9]xxxxxxxxx|911|*xx", "[6-7]xxx|0[1-9]xxxxxx|911|*xx")
                .replace("number: \"+15555550100\" }", "number: \"+15555550100\", ring: [\"6002\"] }"));
    }

    @Test
    void aBranchLivesThroughAWanCutAndBack(@TempDir Path tmp) throws Exception {
        Peers.requireKamailio();
        Sipp.assumeInstalled();
        long started = System.currentTimeMillis();
        int port = FreePorts.udpAndTcp();
        try (WanRig rig = WanRig.start(port)) {
            Logger.info("survivability e2e on the {} rig", rig.kind());
            Path kamLog = tmp.resolve("kamailio.log");
            String ctl = "unix:" + tmp.resolve("kam.ctl");
            rig.startKamailio(HOME.resolve("test-rigs/hq/kamailio-hq.cfg"), tmp, kamLog,
                    "-A", "REALM=\"" + REALM + "\"", "-A", "CTL_SOCKET=\"" + ctl + "\"", "-d", "-d");
            Hq hq = new Hq(kamLog, ctl);
            try (TestGateway gw = TestGateway.start("demo.yaml", site(rig), port);
                 CentralOffice co = new CentralOffice("us")) {
                co.plug("127.0.0.1", gw.gateway().simPort(), "fxo1", "5550100");
                Subscriber bob = co.addSubscriber("5551234", "Bob");
                Subscriber alice = co.addSubscriber("5559876", "Alice");
                VirtualPhone fxs1 = gw.phone("fxs1");
                VirtualPhone fxs2 = gw.phone("fxs2");
                VirtualPhone fxs3 = gw.phone("fxs3");
                VirtualPhone fxs4 = gw.phone("fxs4");
                int phonePort = FreePorts.udpAndTcp(); // 7000's SIP port (its contact)

                // ---- 1. NORMAL: everyone registered at HQ, calls go through HQ -------------------
                awaitMode(gw, Mode.NORMAL, 5_000);
                UpstreamE2ETest.awaitRegistered(gw, 4);
                String dump = kamcmd(ctl, "ul.dump");
                for (String ext : LINES) {
                    assertFalse(hq.requests("REGISTER", ext).isEmpty(), ext + " sent REGISTER to Kamailio\n" + hq.log());
                    assertTrue(dump.contains("sip:" + ext + "@"), ext + " in Kamailio's location table:\n" + dump);
                }
                RegisterViaHqE2ETest.register(rig, port, "7000", phonePort);
                String contact = "sip:7000@127.0.0.1:" + phonePort;
                assertEquals("hq", via(gw, "7000"), "7000's binding here is a shadow of HQ's: " + gw.gateway().registrations());
                dump = kamcmd(ctl, "ul.dump");
                String path = "sip:" + (rig.advertise() != null ? rig.advertise() : rig.gatewayHost() + ":" + port) + ";lr";
                assertTrue(dump.contains(contact) && dump.contains(path), "7000 at Kamailio with the gateway's Path " + path
                        + ":\n" + dump);

                // HQ's caller 8000 (on HQ's side of the WAN) calls fxs2's AOR
                Path hqDir = Files.createTempDirectory(tmp, "hq-caller");
                PcapGen.main(new String[] {hqDir.resolve("tone.pcap").toString(), "20"});
                try (Sipp caller = Sipp.onHq(rig, hqDir, "uac-call-until-bye.xml", "-s", "6001", "-au", "8000",
                        "-ap", "lifeline8000", "-key", "caller", "8000")) {
                    assertTrue(fxs2.awaitRinging(Duration.ofSeconds(8)), "HQ's call rings fxs2\n" + caller.output() + hq.log());
                    CallerId cid = fxs2.awaitCallerId(Duration.ofSeconds(6));
                    assertNotNull(cid, "fxs2 shows caller ID");
                    assertEquals("8000", cid.number());
                    fxs2.offHook();
                    assertTrue(FxsCallE2ETest.awaitHears(fxs2, 1000), "HQ caller's 1 kHz heard on fxs2");
                    fxs2.onHook();
                    assertEquals(0, caller.await(15), "HQ's caller got fxs2's BYE\n" + caller.output());
                }
                int cdrsSoFar = gw.awaitCdrs(1, S3).size();

                // fxs1 dials 7000: via HQ (Kamailio sends it back along 7000's Path), 7000 answers and echoes
                int invitesFrom6000 = hq.requests("INVITE", "6000").size();
                Sipp phone = Sipp.startOn(phonePort, "uas-answer.xml", port, "-s", "7000", "-rtp_echo");
                TestGateway.liftAndDial(fxs1, "7000");
                awaitTrue("fxs1's INVITE for 7000 passed Kamailio", 5_000, () -> hq.requests("INVITE", "6000").stream()
                        .skip(invitesFrom6000).anyMatch(l -> l.contains("INVITE sip:7000@")));
                awaitTrue("7000 answered (two calls on the gateway: out to HQ, back from HQ)", 8_000, () -> calls(gw) == 2);
                Thread.sleep(300);
                fxs1.playTone(1000, -10);
                assertTrue(FxsCallE2ETest.awaitHears(fxs1, 1000), "fxs1 hears its 1 kHz echoed by 7000 (audio both ways)");
                fxs1.stopPlaying();
                Thread.sleep(600);
                assertFalse(fxs1.hears(1000, Duration.ofMillis(300)), "no 1 kHz without fxs1 sending it: the echo is 7000's");

                // ---- 2. cut the WAN with the call up ------------------------------------------
                long cutAt = System.currentTimeMillis();
                rig.cut();
                awaitMode(gw, Mode.SURVIVAL, 5_000);
                long detected = System.currentTimeMillis() - cutAt;
                assertTrue(detected < 5_000, "SURVIVAL " + detected + " ms after the cut");
                fxs1.playTone(1500, -10);
                assertTrue(FxsCallE2ETest.awaitHears(fxs1, 1500), "after the cut fxs1 still hears its 1.5 kHz echoed by 7000");
                fxs1.stopPlaying();
                assertEquals(2, calls(gw), "the call is still up");
                fxs1.onHook();
                assertEquals(0, phone.await(15), "7000 got the BYE: the call ended cleanly\n" + phone.output());
                phone.close();
                awaitTrue("no calls left", 3_000, () -> calls(gw) == 0);
                List<Cdr> before = gw.awaitCdrs(cdrsSoFar + 2, S3);
                Cdr viaHq = before.stream().filter(c -> c.dstLeg().startsWith("sip:7000")).reduce((x, y) -> y).orElseThrow();
                assertTrue(viaHq.answered() && viaHq.q850Cause() == 16, "cleared normally: " + viaHq);
                assertTrue(viaHq.rtp().packetsReceived() > 100, "RTP from 7000 across the cut: " + viaHq.rtp());
                cdrsSoFar = before.size();

                // ---- 3. SURVIVAL ---------------------------------------------------------------
                // fxs1 calls 7000 on its shadow binding: 7000 did not re-register
                assertEquals("hq", via(gw, "7000"), "still HQ's shadow binding, no REGISTER since the cut");
                try (Sipp uas = Sipp.startOn(phonePort, "uas-answer.xml", port, "-s", "7000")) {
                    fxs1.offHook();
                    assertTrue(fxs1.awaitTone(ToneKind.STUTTER_DIAL, S3), "stutter dial tone: staff know they are on the backup path");
                    fxs1.dialDtmf("7000");
                    awaitTrue("7000 answered", 6_000, () -> calls(gw) == 1);
                    Thread.sleep(1_000);
                    fxs1.onHook();
                    assertEquals(0, uas.await(15), "7000 rang and answered on its shadow binding\n" + uas.output());
                }

                // 7000 calls 6001 (fxs2)
                Path phoneDir = Files.createTempDirectory(tmp, "phone7000");
                PcapGen.main(new String[] {phoneDir.resolve("tone.pcap").toString(), "20"});
                try (Sipp call = Sipp.startAtIn(phoneDir, rig.gatewayHost(), port, "uac-call-until-bye.xml", "-s", "6001",
                        "-au", "7000", "-ap", "lifeline7000", "-key", "caller", "7000",
                        "-auth_uri", "6001@" + rig.gatewayHost() + ":" + port)) {
                    assertTrue(fxs2.awaitRinging(Duration.ofSeconds(8)), "7000's call rings fxs2\n" + call.output());
                    CallerId cid = fxs2.awaitCallerId(Duration.ofSeconds(6));
                    assertNotNull(cid, "fxs2 shows caller ID");
                    assertEquals("7000", cid.number());
                    fxs2.offHook();
                    assertTrue(FxsCallE2ETest.awaitHears(fxs2, 1000), "7000's 1 kHz heard on fxs2");
                    fxs2.playTone(1500, -10);
                    Thread.sleep(1_000);
                    fxs2.stopPlaying();
                    fxs2.onHook();
                    assertEquals(0, call.await(15), "7000 got fxs2's BYE\n" + call.output());
                }
                Cdr fromPhone = gw.awaitCdrs(cdrsSoFar + 2, S3).get(cdrsSoFar + 1);
                assertEquals("fxs:fxs2", fromPhone.dstLeg(), fromPhone.toString());
                assertTrue(fromPhone.rtp().packetsSent() > 25, "fxs2's side went to 7000 as RTP: " + fromPhone.rtp());

                // fxs1 dials 0 + a CO subscriber: out on fxo1, the trunk's number shown
                TestGateway.liftAndDial(fxs1, "05551234");
                assertTrue(bob.awaitRinging(Duration.ofSeconds(8)), "the CO subscriber rings: " + co.events());
                assertEquals(List.of("5551234"), co.line("fxo1").dialledNumbers(), "outside prefix stripped");
                assertEquals("5550100", bob.callerIdShown(), "the trunk's number (+1 555 555 0100) as caller");
                bob.answer();
                fxs1.playTone(1000, -10);
                assertTrue(bob.awaitHears(1000, S3), "fxs1 heard at the CO");
                fxs1.stopPlaying();
                bob.say(1500, -10);
                assertTrue(FxsCallE2ETest.awaitHears(fxs1, 1500), "the CO subscriber heard on fxs1");
                bob.silence();
                bob.hangUp();
                assertTrue(fxs1.awaitTone(ToneKind.DISCONNECT, Duration.ofSeconds(5)), "fxs1 hears the far end go");
                fxs1.onHook();

                // the CO calls the FXO line: the configured extension (6002, fxs3) rings with caller ID
                alice.call("5550100");
                assertTrue(fxs3.awaitRinging(Duration.ofSeconds(10)), "fxs3 rings for the PSTN call: " + co.events());
                CallerId pstn = fxs3.awaitCallerId(Duration.ofSeconds(8));
                assertNotNull(pstn, "fxs3 shows caller ID");
                assertEquals("5559876", pstn.number());
                fxs3.offHook();
                alice.say(1500, -10);
                assertTrue(FxsCallE2ETest.awaitHears(fxs3, 1500), "the caller heard on fxs3");
                alice.silence();
                fxs3.playTone(1000, -10);
                assertTrue(alice.awaitHears(1000, S3), "fxs3 heard by the caller");
                fxs3.stopPlaying();
                fxs3.onHook();

                // an unauthenticated REGISTER is refused, nothing bound
                try (Sipp refused = Sipp.startAt(rig.gatewayHost(), port, "register-refused.xml", "-s", "7001", "-au", "7001",
                        "-ap", "not-the-password")) {
                    assertEquals(0, refused.await(15), "401 without credentials, 401 with wrong ones\n" + refused.output());
                }
                assertEquals(0, gw.gateway().registeredContacts("7001"), "no binding for 7001");

                List<Cdr> survival = gw.awaitCdrs(cdrsSoFar + 4, Duration.ofSeconds(5));
                survival = survival.subList(cdrsSoFar, survival.size());
                assertEquals(4, survival.size(), survival::toString);
                for (Cdr c : survival) {
                    assertEquals("survival", c.mode(), c.toString());
                    assertTrue(c.answered(), c.toString());
                }
                cdrsSoFar += 4;

                // ---- 4. calls made during survival, then the WAN comes back ---------------------
                TestGateway.liftAndDial(fxs3, "6003");
                assertTrue(fxs4.awaitRinging(Duration.ofSeconds(5)), "fxs4 rings (local in survival)");
                fxs4.offHook();
                assertAudioBothWays(fxs3, fxs4, "fxs3 <-> fxs4 during survival");
                phone = Sipp.startOn(phonePort, "uas-answer.xml", port, "-s", "7000", "-rtp_echo");
                TestGateway.liftAndDial(fxs1, "7000");
                awaitTrue("7000 answered fxs1 (local in survival)", 6_000, () -> calls(gw) == 2);
                Thread.sleep(300);
                fxs1.playTone(1000, -10);
                assertTrue(FxsCallE2ETest.awaitHears(fxs1, 1000), "fxs1 hears 7000's echo during survival");
                fxs1.stopPlaying();

                List<Integer> lineRegisters = LINES.stream().map(e -> hq.requests("REGISTER", e).size()).toList();
                int phoneRegisters = hq.requests("REGISTER", "7000").size();
                long restoredAt = System.currentTimeMillis();
                rig.restore();
                awaitMode(gw, Mode.RECOVERING, 5_000);
                long recovering = System.currentTimeMillis();
                awaitMode(gw, Mode.NORMAL, HOLD_DOWN_S * 1_000L + 4_000);
                long back = System.currentTimeMillis() - restoredAt;
                long held = System.currentTimeMillis() - recovering;
                assertTrue(held >= HOLD_DOWN_S * 1_000L - 100, "NORMAL " + held + " ms after RECOVERING (" + back
                        + " ms after the restore): not before the hold-down");

                assertEquals(2, calls(gw), "both calls still up after the recovery");
                assertAudioBothWays(fxs3, fxs4, "fxs3 <-> fxs4 after the recovery");
                fxs1.playTone(1500, -10);
                assertTrue(FxsCallE2ETest.awaitHears(fxs1, 1500), "fxs1 still hears 7000's echo after the recovery");
                fxs1.stopPlaying();
                fxs1.onHook();
                assertEquals(0, phone.await(15), "7000 got the BYE\n" + phone.output());
                phone.close();
                fxs3.onHook();
                assertTrue(fxs4.awaitTone(ToneKind.DISCONNECT, S3), "fxs4 hears fxs3 hang up");
                fxs4.onHook();

                // ---- 5. back at HQ ------------------------------------------------------------
                for (int i = 0; i < LINES.size(); i++) {
                    String ext = LINES.get(i);
                    int n = lineRegisters.get(i);
                    awaitTrue(ext + " registered at Kamailio again", 8_000, () -> hq.requests("REGISTER", ext).size() > n);
                }
                UpstreamE2ETest.awaitRegistered(gw, 4);
                fxs2.offHook();
                assertTrue(fxs2.awaitTone(ToneKind.DIAL, S3), "dial tone back in NORMAL");
                assertFalse(fxs2.awaitTone(ToneKind.STUTTER_DIAL, Duration.ofSeconds(2)), "and no stutter");
                fxs2.onHook();
                RegisterViaHqE2ETest.register(rig, port, "7000", phonePort);
                assertTrue(hq.requests("REGISTER", "7000").size() > phoneRegisters, "7000's next REGISTER reached Kamailio");
                assertEquals("hq", via(gw, "7000"), "7000 is HQ's again: " + gw.gateway().registrations());
                dump = kamcmd(ctl, "ul.dump");
                assertTrue(dump.contains(contact) && dump.contains(path), "7000 at Kamailio with the Path:\n" + dump);
                Logger.info("survivability e2e ({}): cut detected in {} ms, NORMAL {} ms after the restore, {} s in all",
                        rig.kind(), detected, back, (System.currentTimeMillis() - started) / 1000);
            }
        }
    }

    private static void assertAudioBothWays(VirtualPhone a, VirtualPhone b, String what) throws Exception {
        a.playTone(1000, -10);
        assertTrue(FxsCallE2ETest.awaitHears(b, 1000), what + ": 1 kHz from " + a.portId() + " heard on " + b.portId());
        a.stopPlaying();
        b.playTone(1500, -10);
        assertTrue(FxsCallE2ETest.awaitHears(a, 1500), what + ": 1.5 kHz from " + b.portId() + " heard on " + a.portId());
        b.stopPlaying();
    }

    private static int calls(TestGateway gw) {
        try {
            return gw.gateway().activeCalls();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Kamailio as the rig started it: its request log and control socket. */
    private record Hq(Path file, String ctl) {
        String log() {
            try {
                return Files.readString(file);
            } catch (java.io.IOException e) {
                return "";
            }
        }

        List<String> requests(String method, String fromUser) { return KamailioHq.requests(log(), method, fromUser); }
    }
}
