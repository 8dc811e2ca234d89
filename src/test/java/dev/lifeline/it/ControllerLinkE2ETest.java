package dev.lifeline.it;

import dev.lifeline.util.Json;
import static dev.lifeline.it.ControllerRig.GW;
import static dev.lifeline.it.ControllerRig.SITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.app.ctl.CmdAck;
import dev.lifeline.app.ctl.Controller;
import dev.lifeline.app.ctl.GatewayStatus;
import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The link itself: the will says "offline" when the gateway dies, and commands change what the branch hears. */
@Tag("e2e")
class ControllerLinkE2ETest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void theWillMarksAKilledGatewayOfflineAndARestartOnline(@TempDir Path dir) throws Exception {
        try (Mosquitto broker = Mosquitto.start(); Controller ctl = Controller.connect(broker.url())) {
            Process gw = ControllerRig.startGateway(dir, dir.resolve("data"), broker.url());
            try {
                GatewayStatus up = ctl.awaitStatus(SITE, GW, GatewayStatus::online, T);
                assertNotNull(up, "online after start");
                assertEquals(6, up.ports().size(), "the status lists the board's ports: " + up.json());
                ControllerRig.kill9(gw);
                long killedAt = System.nanoTime();
                GatewayStatus down = ctl.awaitStatus(SITE, GW, s -> !s.online(), T);
                assertNotNull(down, "the broker published the will");
                System.out.printf("will published %d ms after kill -9%n", (System.nanoTime() - killedAt) / 1_000_000);
                assertEquals(Map.of("online", false, "gatewayId", GW, "site", SITE), Json.object(down.json()),
                        "the retained status is exactly the will");
                // a controller that connects later sees the same retained status
                try (Controller late = Controller.connect(broker.url())) {
                    assertTrue(late.statuses(SITE, GW, Duration.ofSeconds(2)).stream().noneMatch(GatewayStatus::online));
                }
                gw = ControllerRig.startGateway(dir, dir.resolve("data"), broker.url());
                assertNotNull(ctl.awaitStatus(SITE, GW, GatewayStatus::online, T), "online again after the restart");
                gw.destroy(); // SIGTERM: the gateway says goodbye itself
                gw.waitFor();
                assertNotNull(ctl.awaitStatus(SITE, GW, s -> !s.online(), T), "offline after an orderly stop");
            } finally {
                gw.destroyForcibly();
            }
        }
    }

    @Test
    void forceModeSurvivalGivesStutterDialToneAndAutoReturnsToNormalThroughTheHoldDown(@TempDir Path dir) throws Exception {
        Peers.requireKamailio();
        int hqPort = dev.lifeline.sip.FreePorts.udpAndTcp();
        Process hq = new ProcessBuilder("/usr/sbin/kamailio", "-f", TestGateway.HOME.resolve("test-rigs/hq/kamailio-hq.cfg").toString(),
                "-DD", "-E", "-n", "1", "-l", "udp:127.0.0.1:" + hqPort, "-m", "32", "-M", "4", "-Y", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("kamailio.log").toFile()).start();
        // HQ answers the WAN probes; after a forced survival is released, 2 s of answers bring NORMAL back
        String withHq = "\nupstream:\n  servers: [ { host: 127.0.0.1, port: " + hqPort + ", transport: udp } ]\n"
                + "survival: { probe-interval: 500ms, probe-timeout: 300ms, hold-down: 2s }\n";
        try (Mosquitto broker = Mosquitto.start();
             TestGateway gw = TestGateway.start("demo.yaml", s -> ControllerRig.withController(broker.url()).apply(s) + withHq);
             Controller ctl = Controller.connect(broker.url())) {
            assertNotNull(ctl.awaitStatus(SITE, GW, s -> s.online() && "NORMAL".equals(s.mode()), T), "online, HQ reachable");
            VirtualPhone fxs1 = gw.phone("fxs1");

            CmdAck ack = ctl.command(SITE, GW, "force-mode", Map.of("mode", "survival"), T);
            assertTrue(ack.ok(), ack.json());
            assertNotNull(ctl.awaitStatus(SITE, GW, s -> "SURVIVAL".equals(s.mode()), T), "the status shows survival");
            fxs1.offHook();
            assertTrue(fxs1.awaitTone(ToneKind.STUTTER_DIAL, Duration.ofSeconds(3)), "staff hear stutter dial tone in survival");
            fxs1.onHook();
            Thread.sleep(3_000);
            assertEquals("SURVIVAL", ctl.awaitStatus(SITE, GW, GatewayStatus::online, T).mode(),
                    "held although HQ answers all along");

            long released = System.nanoTime();
            CmdAck auto = ctl.command(SITE, GW, "force-mode", Map.of("mode", "auto"), T);
            assertTrue(auto.ok(), auto.json());
            assertNotNull(ctl.awaitStatus(SITE, GW, s -> "RECOVERING".equals(s.mode()), T), "auto: HQ answers, so RECOVERING");
            assertNotNull(ctl.awaitStatus(SITE, GW, s -> "NORMAL".equals(s.mode()), T), "then NORMAL after the hold-down");
            long ms = (System.nanoTime() - released) / 1_000_000;
            assertTrue(ms >= 1_900, "the 2 s hold-down was kept: " + ms + " ms");
            fxs1.offHook();
            Thread.sleep(1_500);
            assertEquals(ToneKind.DIAL, fxs1.heardTone(Duration.ofMillis(1_400)), "steady dial tone again");
            fxs1.onHook();

            CmdAck bad = ctl.command(SITE, GW, "force-mode", Map.of("mode", "sideways"), T);
            assertEquals("error", bad.status(), bad.json());
        } finally {
            hq.descendants().forEach(ProcessHandle::destroyForcibly); // its UDP receivers are children
            hq.destroyForcibly();
        }
    }
}
