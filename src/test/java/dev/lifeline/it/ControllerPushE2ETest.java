package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.app.Gateway;
import dev.lifeline.app.GatewayOptions;
import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.ConfigLoader;
import dev.lifeline.mgmt.controller.ConfigPushTest;
import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import dev.lifeline.util.Clock;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real gateway with the controller link on a real broker: a pushed renumbering rings the
 * right phone at once and survives a restart; the status follows a forced mode; a broker that is
 * down at start does not stop the gateway; a reboot command ends in the injected exit.
 */
@Tag("e2e")
class ControllerPushE2ETest {
    private static final String P = "lifeline/v1/demo-branch/gw-demo/";
    private static final Duration S5 = Duration.ofSeconds(5);

    static UnaryOperator<String> withController(Mosquitto broker) {
        return s -> s + "\ncontroller: { url: \"" + broker.url() + "\", reconnect-max: 2s }\n";
    }

    static String pushed(Mosquitto broker) throws Exception {
        return withController(broker).apply(Files.readString(TestGateway.HOME.resolve("site-configs/demo.yaml")))
                .replace("\"6003\"", "\"6013\"") // the line, and its services, hunt and pickup entries with it
                .replace("password: \"lifeline7000\"", "password: \"n3w-Secret\"");
    }


    @Test
    void aRenumberingPushRingsTheNewExtensionLeavesTheOldOneUnassignedAndSurvivesARestart() throws Exception {
        try (Mosquitto broker = Mosquitto.start(); MqttProbe probe = MqttProbe.connect(broker.url(), "lifeline/v1/#")) {
            Path data = Files.createTempDirectory("lifeline-push");
            int sipPort = dev.lifeline.sip.FreePorts.udpAndTcp();
            try (TestGateway gw = TestGateway.start("demo.yaml", withController(broker), sipPort, data)) {
                assertNotNull(probe.awaitJson(P + "status", "online", true, Duration.ofSeconds(10)), "gateway online");
                VirtualPhone a = gw.phone("fxs1");
                VirtualPhone d = gw.phone("fxs4");

                long t0 = System.nanoTime();
                probe.publish(P + "config/set", ConfigPushTest.envelope(1, "r-1", pushed(broker)));
                Map<String, Object> ack = probe.awaitJson(P + "config/ack", "requestId", "r-1", S5);
                long pushToAckMs = (System.nanoTime() - t0) / 1_000_000;
                assertNotNull(ack, "config acked");
                assertEquals("applied", ack.get("status"), ack.toString());
                assertEquals(List.of(), ack.get("restartRequired"));
                assertTrue(pushToAckMs < 1000, "push to applied in " + pushToAckMs + " ms");
                assertEquals(1, gw.gateway().configVersion());

                TestGateway.liftAndDial(a, "6013");
                assertTrue(d.awaitRinging(Duration.ofSeconds(3)), "6013 rings fxs4");
                a.onHook();
                Thread.sleep(1000);
                TestGateway.liftAndDial(a, "6003");
                assertTrue(a.awaitTone(ToneKind.CONGESTION, Duration.ofSeconds(4)), "6003 is unassigned now: reorder");
                a.onHook();
                List<Cdr> cdrs = gw.awaitCdrs(2, Duration.ofSeconds(3));
                assertEquals("fxs:fxs4", cdrs.get(0).dstLeg());
                assertEquals(1, cdrs.get(1).q850Cause(), "cause 1, unallocated number");

                if (new File("/usr/bin/sipp").canExecute()) {
                    try (Sipp ok = Sipp.start("register-as.xml", gw.sipPort(), "-s", "7000", "-au", "7000", "-ap", "n3w-Secret",
                            "-key", "contact_port", "5999")) {
                        assertEquals(0, ok.await(15), "the new password registers\n" + ok.output());
                    }
                    try (Sipp old = Sipp.start("register-as.xml", gw.sipPort(), "-s", "7000", "-au", "7000", "-ap", "lifeline7000",
                            "-key", "contact_port", "5998")) {
                        assertNotEquals(0, old.await(15), "the old password is refused\n" + old.output());
                    }
                }
            }
            // the gateway starts again with the pushed config, not the file
            probe.clear();
            try (TestGateway again = TestGateway.start("demo.yaml", withController(broker), sipPort, data)) {
                assertEquals(1, again.gateway().configVersion());
                assertEquals("6013", again.gateway().site().lines().get("fxs4").extension());
                Map<String, Object> status = probe.await(P + "status",
                        m -> m.payload().contains("\"configVersion\":1") && m.payload().contains("\"online\":true"),
                        Duration.ofSeconds(10)).json();
                assertEquals(true, status.get("online"));
                probe.publish(P + "config/set", ConfigPushTest.envelope(1, "r-again", pushed(broker)));
                Map<String, Object> ack = probe.awaitJson(P + "config/ack", "requestId", "r-again", S5);
                assertEquals("rejected", ack.get("status"), "version 1 runs already");
            }
        }
    }

    @Test
    void aPushDuringAnEstablishedCallDropsNothing() throws Exception {
        try (Mosquitto broker = Mosquitto.start(); MqttProbe probe = MqttProbe.connect(broker.url(), "lifeline/v1/#");
             TestGateway gw = TestGateway.start("demo.yaml", withController(broker))) {
            assertNotNull(probe.awaitJson(P + "status", "online", true, Duration.ofSeconds(10)));
            VirtualPhone a = gw.phone("fxs1");
            VirtualPhone b = gw.phone("fxs2");
            TestGateway.liftAndDial(a, "6001");
            assertTrue(b.awaitRinging(Duration.ofSeconds(3)));
            b.offHook();
            a.playTone(1000, -10);
            assertTrue(FxsCallE2ETest.awaitHears(b, 1000), "talking before the push");

            String renumbered = pushed(broker).replace("\"6001\"", "\"6011\"")
                    .replace("digit-map: \"", "digit-map: \"60[0-1]x|");
            probe.publish(P + "config/set", ConfigPushTest.envelope(3, "r-call", renumbered));
            assertEquals("applied", probe.awaitJson(P + "config/ack", "requestId", "r-call", S5).get("status"));
            Thread.sleep(300);
            assertTrue(FxsCallE2ETest.awaitHears(b, 1000), "still talking after the push");
            a.stopPlaying();
            b.playTone(1500, -10);
            assertTrue(FxsCallE2ETest.awaitHears(a, 1500), "both ways");
            b.stopPlaying();
            a.onHook();
            assertTrue(b.awaitTone(ToneKind.DISCONNECT, Duration.ofSeconds(5)));
            b.onHook();
            Cdr cdr = gw.awaitCdrs(1, Duration.ofSeconds(3)).get(0);
            assertTrue(cdr.answered());
            assertEquals(16, cdr.q850Cause());
            Thread.sleep(800);
            TestGateway.liftAndDial(a, "6011");
            assertTrue(b.awaitRinging(Duration.ofSeconds(3)), "the new number rings fxs2");
            a.onHook();
        }
    }

    @Test
    void aBrokerDownAtStartDoesNotStopTheGatewayAndStatusFollowsAForcedMode() throws Exception {
        try (Mosquitto broker = Mosquitto.start()) {
            broker.stop();
            try (TestGateway gw = TestGateway.start("demo.yaml", withController(broker))) {
                assertFalse(gw.gateway().controller().online());
                VirtualPhone a = gw.phone("fxs1");
                a.offHook();
                assertTrue(a.awaitTone(ToneKind.DIAL, Duration.ofSeconds(3)), "the gateway works without its controller");
                a.onHook();
                broker.startAgain();
                try (MqttProbe probe = MqttProbe.connect(broker.url(), "lifeline/v1/#")) {
                    assertNotNull(probe.awaitJson(P + "status", "online", true, Duration.ofSeconds(10)), "link comes up");
                    probe.publish(P + "cmd", "{\"command\": \"force-mode\", \"mode\": \"survival\", \"requestId\": \"m-1\"}");
                    assertEquals("ok", probe.awaitJson(P + "cmd/ack", "requestId", "m-1", S5).get("status"));
                    Map<String, Object> s = probe.awaitJson(P + "status", "mode", "SURVIVAL", S5);
                    assertNotNull(s, "status shows SURVIVAL");
                    assertTrue(s.get("alarms").toString().contains("wan-lost"));
                    assertEquals(dev.lifeline.survival.Mode.SURVIVAL, gw.gateway().mode());
                    probe.publish(P + "cmd", "{\"command\": \"force-mode\", \"mode\": \"normal\", \"requestId\": \"m-2\"}");
                    assertNotNull(probe.awaitJson(P + "status", "mode", "NORMAL", S5));
                }
            }
        }
    }

    @Test
    void aRebootCommandEndsInTheInjectedExitWithStatus75() throws Exception {
        try (Mosquitto broker = Mosquitto.start(); MqttProbe probe = MqttProbe.connect(broker.url(), "lifeline/v1/#")) {
            BoardProfile board = ConfigLoader.loadBoard(TestGateway.HOME.resolve("board-profiles/sim-4fxs-2fxo.yaml"));
            String text = withController(broker).apply(Files.readString(TestGateway.HOME.resolve("site-configs/demo.yaml")));
            AtomicInteger status = new AtomicInteger(-1);
            CountDownLatch exited = new CountDownLatch(1);
            GatewayOptions opts = new GatewayOptions(board.withSimListen("127.0.0.1", 0),
                    ConfigLoader.loadSite(text, "demo.yaml", board), "demo.yaml", Files.createTempDirectory("lifeline-reboot"),
                    Clock.SYSTEM, 0, 0, dev.lifeline.sip.FreePorts.udpAndTcp())
                    .withExit(code -> {
                        status.set(code);
                        exited.countDown();
                    });
            try (Gateway gw = Gateway.start(opts)) {
                assertNotNull(probe.awaitJson(P + "status", "online", true, Duration.ofSeconds(10)));
                probe.publish(P + "cmd", "{\"command\": \"reboot\", \"requestId\": \"b-1\"}");
                assertEquals("ok", probe.awaitJson(P + "cmd/ack", "requestId", "b-1", S5).get("status"));
                assertTrue(exited.await(10, TimeUnit.SECONDS));
                assertEquals(75, status.get());
                assertNotNull(probe.awaitJson(P + "status", "online", false, S5));
            }
        }
    }
}
