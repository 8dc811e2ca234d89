package dev.lifeline.it;

import static dev.lifeline.it.ControllerRig.GW;
import static dev.lifeline.it.ControllerRig.SITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.app.ctl.ConfigAck;
import dev.lifeline.app.ctl.Controller;
import dev.lifeline.app.ctl.GatewayStatus;
import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config pushed by the reference controller over a real Mosquitto to a real gateway, checked
 * the way the branch would notice: which phone rings for which number, which password a SIP
 * phone registers with, and that a bad push changes nothing.
 */
@Tag("e2e")
class ControllerConfigE2ETest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void pushedConfigRenumbersFxs4AndChangesAPasswordForNewCallsAndRegistrations() throws Exception {
        try (Mosquitto broker = Mosquitto.start();
             TestGateway gw = TestGateway.start("demo.yaml", ControllerRig.withController(broker.url()));
             Controller ctl = Controller.connect(broker.url())) {
            assertNotNull(ctl.awaitStatus(SITE, GW, GatewayStatus::online, T), "the gateway reports online");
            VirtualPhone fxs1 = gw.phone("fxs1");
            VirtualPhone fxs4 = gw.phone("fxs4");
            String next = ControllerRig.demoConfig(broker.url())
                    .replace("\"6003\"", "\"6013\"") // the line, and its services and hunt entries with it
                    .replace("password: \"lifeline7001\"", "password: \"Hq-rotated-7001\"");

            ConfigAck ack = ctl.push(SITE, GW, 1, next, T);
            assertEquals("applied", ack.status(), ack.json());
            assertEquals(1L, ack.running());
            assertEquals(List.of(), ack.restartRequired(), "numbers and passwords change live");
            assertNotNull(ctl.awaitStatus(SITE, GW, s -> Long.valueOf(1).equals(s.configVersion()), T),
                    "the status shows config version 1");

            TestGateway.liftAndDial(fxs1, "6013");
            assertTrue(fxs4.awaitRinging(Duration.ofSeconds(4)), "dialling 6013 rings fxs4");
            fxs1.onHook();
            assertTrue(ControllerRig.await(() -> !fxs4.isRinging(), Duration.ofSeconds(8)), "ringing stops when fxs1 hangs up");
            Thread.sleep(800);

            TestGateway.liftAndDial(fxs1, "6003");
            assertTrue(fxs1.awaitTone(ToneKind.CONGESTION, Duration.ofSeconds(4)), "6003 is unassigned now: reorder tone");
            assertTrue(!fxs4.isRinging(), "fxs4 does not ring for its old number");
            fxs1.onHook();
            List<Cdr> cdrs = gw.awaitCdrs(2, Duration.ofSeconds(5));
            Cdr old = cdrs.get(cdrs.size() - 1);
            assertEquals("6003", old.calledDialled());
            assertEquals(1, old.q850Cause(), "CDR cause 1, unassigned number");

            try (Sipp oldPw = Sipp.start("register-old-password.xml", gw.sipPort(), "-s", "7001", "-au", "7001", "-ap", "lifeline7001")) {
                assertEquals(0, oldPw.await(15), "the old password is refused (401/403)\n" + oldPw.output());
            }
            assertEquals(0, gw.gateway().registeredContacts("7001"), "nothing registered with the old password");
            try (Sipp newPw = Sipp.start("register-as.xml", gw.sipPort(), "-s", "7001", "-au", "7001", "-ap", "Hq-rotated-7001",
                    "-key", "contact_port", "5999")) {
                assertEquals(0, newPw.await(15), "the new password registers (200)\n" + newPw.output());
            }
            assertEquals(1, gw.gateway().registeredContacts("7001"));
        }
    }

    @Test
    void invalidConfigIsRejectedWithEveryErrorAndTheRunningConfigStays(@TempDir Path dir) throws Exception {
        try (Mosquitto broker = Mosquitto.start();
             TestGateway gw = TestGateway.start("demo.yaml", ControllerRig.withController(broker.url()));
             Controller ctl = Controller.connect(broker.url())) {
            assertNotNull(ctl.awaitStatus(SITE, GW, GatewayStatus::online, T));
            Path bad = dir.resolve("bad-site.yaml");
            Files.writeString(bad, ControllerRig.demoConfig(broker.url())
                    .replace("  fxs4: { extension: \"6003\", name: \"Lobby\" }\n", "")                       // FXS port without extension
                    .replace("{ extension: \"7002\", name: \"Phone 7002\"", "{ extension: \"6001\", name: \"Phone 7002\"") // duplicate
                    .replace("inter-digit-timeout: 4s", "inter-digit-timeout: [4s]"));                          // wrong type

            // the operator's way: lifeline ctl push, as a separate process
            GatewayProcess.Result r = GatewayProcess.run("ctl", "push", "--broker", broker.url(), "--site", SITE, "--gateway", GW,
                    "--version", "5", bad.toString());
            assertEquals(2, r.exitCode(), r.out() + r.err());
            assertTrue(r.out().contains("config version 5 rejected (running 0)"), r.out());
            List<String> lines = r.out().lines().toList();
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("lines.fxs4: ") && l.contains("needs an extension")), r.out());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("users[2].extension: ") && l.contains("6001")), r.out());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("dial-plan.inter-digit-timeout: ")), r.out());

            GatewayStatus s = ctl.awaitStatus(SITE, GW, GatewayStatus::online, T);
            assertEquals(0L, s.configVersion(), "still running the config it started with");
            VirtualPhone fxs1 = gw.phone("fxs1");
            VirtualPhone fxs4 = gw.phone("fxs4");
            TestGateway.liftAndDial(fxs1, "6003");
            assertTrue(fxs4.awaitRinging(Duration.ofSeconds(4)), "the old number 6003 still rings fxs4");
            fxs1.onHook();

            // and a good push afterwards still works: the link stayed up
            ConfigAck ok = ctl.push(SITE, GW, 5, ControllerRig.demoConfig(broker.url()), T);
            assertEquals("applied", ok.status(), ok.json());
        }
    }
}
