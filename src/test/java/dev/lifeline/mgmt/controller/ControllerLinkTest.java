package dev.lifeline.mgmt.controller;

import static dev.lifeline.mgmt.controller.LinkRig.P;
import static dev.lifeline.mgmt.controller.LinkRig.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.it.MqttProbe;
import dev.lifeline.survival.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The link's status, alarms, commands and config push over a real broker, on a stand-in gateway.
 */
class ControllerLinkTest {
    private static final Duration S5 = Duration.ofSeconds(5);

    @Test
    void statusIsRetainedAndFollowsTheModeWithTheWanAlarm() throws Exception {
        try (LinkRig rig = new LinkRig()) {
            rig.start();
            rig.awaitOnline();
            rig.probe.await(P + "status", m -> true, S5);
            // a controller that subscribes later still gets the status: it is retained
            try (MqttProbe late = MqttProbe.connect(rig.broker.url(), P + "status")) {
                MqttProbe.Msg m = late.await(P + "status", x -> true, S5);
                assertNotNull(m);
                assertTrue(m.retained());
                Map<String, Object> s = m.json();
                assertEquals(true, s.get("online"));
                assertEquals("gw-demo", s.get("gatewayId"));
                assertEquals("demo-branch", s.get("site"));
                assertEquals("NORMAL", s.get("mode"));
                assertEquals(0, ((Number) s.get("configVersion")).intValue());
                assertEquals(4, ((List<?>) s.get("ports")).size());
                assertEquals(Map.of("id", "fxs1", "type", "fxs", "extension", "6000", "state", "idle", "device", "connected"),
                        ((List<?>) s.get("ports")).get(0));
                assertEquals(List.of(), s.get("alarms"));
                assertNotNull(s.get("time"));
                assertNotNull(s.get("software"));
            }
            rig.probe.publish(P + "cmd", "{\"command\": \"force-mode\", \"mode\": \"survival\", \"requestId\": \"c-1\"}");
            Map<String, Object> ack = rig.probe.awaitJson(P + "cmd/ack", "requestId", "c-1", S5);
            assertEquals("ok", ack.get("status"), ack.toString());
            assertEquals("force-mode", ack.get("command"));
            assertEquals(List.of("survival"), rig.gw.forced);
            Map<String, Object> survival = rig.probe.awaitJson(P + "status", "mode", "SURVIVAL", S5);
            assertNotNull(survival, "status follows the mode");
            assertTrue(survival.get("alarms").toString().contains("wan-lost"), survival.toString());
            Map<String, Object> raised = rig.probe.awaitJson(P + "alarm", "id", "wan-lost", S5);
            assertEquals("raised", raised.get("state"));
            assertEquals("major", raised.get("severity"));

            rig.probe.publish(P + "cmd", "{\"command\": \"force-mode\", \"mode\": \"auto\", \"requestId\": \"c-2\"}");
            assertEquals("ok", rig.probe.awaitJson(P + "cmd/ack", "requestId", "c-2", S5).get("status"));
            assertNotNull(rig.probe.awaitJson(P + "alarm", "state", "cleared", S5), "wan-lost cleared back in NORMAL");
            MqttProbe.Msg last = rig.probe.await(P + "status", m -> m.payload().contains("\"mode\":\"NORMAL\"")
                    && m.payload().contains("\"alarms\":[]"), S5);
            assertNotNull(last);
        }
    }

    @Test
    void statusChangesAreCoalescedToOneMessagePerHalfSecond() throws Exception {
        try (LinkRig rig = new LinkRig()) {
            rig.start();
            rig.awaitOnline();
            rig.probe.await(P + "status", m -> true, S5);
            Thread.sleep(600);
            rig.probe.clear();
            int before = rig.link.statusesPublished();
            long t0 = System.nanoTime();
            for (int i = 0; i < 40; i++) {
                rig.gw.mode = i % 2 == 0 ? Mode.SURVIVAL : Mode.RECOVERING;
                Thread.sleep(25);
            }
            // the last state differs from every state in the run: with a 25 ms toggle and the 100 ms poll
            // in step, every poll could see the same one of the two and one message would be honest
            rig.gw.mode = Mode.NORMAL;
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // the coalesced last state gets out one interval after the last change: wait for it (and
            // for two quiet intervals after it) instead of a fixed time that a busy box can overrun
            long quietNanos = 2 * StatusPublisher.MIN_INTERVAL_MS * 1_000_000;
            long deadline = System.nanoTime() + S5.toNanos();
            List<MqttProbe.Msg> statuses = rig.probe.messages(P + "status");
            while (System.nanoTime() < deadline && !(statuses.size() >= 2
                    && "NORMAL".equals(statuses.get(statuses.size() - 1).json().get("mode"))
                    && System.nanoTime() - statuses.get(statuses.size() - 1).atNanos() > quietNanos)) {
                Thread.sleep(50);
                statuses = rig.probe.messages(P + "status");
            }
            int sent = rig.link.statusesPublished() - before;
            assertTrue(statuses.size() >= 2, "changes do get out: the link published " + sent + ", the broker delivered "
                    + statuses.size());
            assertEquals("NORMAL", statuses.get(statuses.size() - 1).json().get("mode"), "the last state wins");
            long spanMs = (statuses.get(statuses.size() - 1).atNanos() - statuses.get(0).atNanos()) / 1_000_000;
            assertTrue(statuses.size() <= spanMs / StatusPublisher.MIN_INTERVAL_MS + 2,
                    statuses.size() + " messages within " + spanMs + " ms for 40 changes in " + ms + " ms");
        }
    }

    @Test
    void anOrderlyCloseLeavesOfflineStatusRetained() throws Exception {
        try (LinkRig rig = new LinkRig()) {
            rig.start();
            rig.awaitOnline();
            rig.link.close();
            try (MqttProbe late = MqttProbe.connect(rig.broker.url(), P + "status")) {
                MqttProbe.Msg m = late.await(P + "status", x -> true, S5);
                assertEquals(Map.of("online", false, "gatewayId", "gw-demo", "site", "demo-branch"), m.json());
                assertTrue(m.retained());
            }
        }
    }

    @Test
    void badCommandsAreAnsweredWithAnErrorAndChangeNothing() throws Exception {
        try (LinkRig rig = new LinkRig()) {
            rig.start();
            rig.awaitOnline();
            assertError(rig, "{\"command\": \"self-destruct\", \"requestId\": \"e1\"}", "e1", "unknown command 'self-destruct'");
            assertError(rig, "{\"command\": \"force-mode\", \"mode\": \"party\", \"requestId\": \"e2\"}", "e2", "mode must be one of");
            assertError(rig, "{\"command\": \"force-mode\", \"requestId\": \"e3\"}", "e3", "mode must be one of");
            assertError(rig, "{\"command\": \"reboot\", \"requestId\": \"e4\", \"delay\": 5}", "e4", "unknown field 'delay'");
            assertError(rig, "{\"requestId\": \"e5\"}", "e5", "command is required");
            rig.probe.publish(P + "cmd", "{\"command\": \"reboot\", ");
            assertNotNull(rig.probe.await(P + "cmd/ack", m -> m.payload().contains("not valid JSON"), S5));
            rig.probe.publish(P + "cmd", "just words");
            assertNotNull(rig.probe.await(P + "cmd/ack", m -> m.payload().contains("Unrecognized token 'just'"), S5));
            rig.probe.publish(P + "cmd", "[\"reboot\"]");
            assertNotNull(rig.probe.await(P + "cmd/ack", m -> m.payload().contains("expected a JSON object"), S5));
            // the YAML path used to read these; a strict reader refuses them instead of guessing
            rig.probe.publish(P + "cmd", "{\"command\": \"force-mode\", \"mode\": \"survival\", \"command\": \"reboot\"}");
            assertNotNull(rig.probe.await(P + "cmd/ack", m -> m.payload().contains("Duplicate field 'command'"), S5));
            rig.probe.publish(P + "cmd", "{command: reboot}");
            assertNotNull(rig.probe.await(P + "cmd/ack", m -> m.payload().contains("was expecting double-quote to start field name"), S5));
            assertTrue(rig.gw.forced.isEmpty());
            assertEquals(-1, rig.gw.exitStatus.get());
            assertTrue(rig.link.online(), "still connected");
        }
    }

    @Test
    void rebootAcksFlushesGoesOfflineAndExitsWithStatus75() throws Exception {
        try (LinkRig rig = new LinkRig()) {
            rig.start();
            rig.awaitOnline();
            rig.probe.publish(P + "cmd", "{\"command\": \"reboot\", \"requestId\": \"b-1\"}");
            Map<String, Object> ack = rig.probe.awaitJson(P + "cmd/ack", "requestId", "b-1", S5);
            assertEquals("ok", ack.get("status"));
            assertTrue(rig.gw.exited.await(10, TimeUnit.SECONDS), "exit called");
            assertEquals(ControllerLink.EXIT_REBOOT, rig.gw.exitStatus.get());
            assertEquals(1, rig.gw.flushes.get());
            assertNotNull(rig.probe.awaitJson(P + "status", "online", false, S5), "offline status before exiting");
            assertFalse(rig.link.online());
        }
    }

    @Test
    void aConfigPushIsAckedAndTheNewVersionShowsInStatus() throws Exception {
        try (LinkRig rig = new LinkRig()) {
            rig.start();
            rig.awaitOnline();
            String text = StubGateway.demoText().replace("\"6003\"", "\"6013\"")
                    + "\ncontroller: { url: \"" + rig.broker.url() + "\", reconnect-max: 2s }\n";
            rig.probe.publish(P + "config/set", ConfigPushTest.envelope(5, "r-5", text));
            Map<String, Object> ack = rig.probe.awaitJson(P + "config/ack", "requestId", "r-5", S5);
            assertEquals("applied", ack.get("status"), ack.toString());
            assertEquals(5, ((Number) ack.get("running")).intValue());
            assertEquals(5, rig.link.runningConfigVersion());
            assertNotNull(rig.probe.await(P + "status", m -> m.payload().contains("\"configVersion\":5")
                    && m.payload().contains("\"6013\""), S5));

            rig.probe.publish(P + "config/set", "{\"version\": 5, \"requestId\": \"r-6\", \"config\": \"site: x\"}");
            Map<String, Object> rejected = rig.probe.awaitJson(P + "config/ack", "requestId", "r-6", S5);
            assertEquals("rejected", rejected.get("status"));
            assertNotNull(rig.probe.awaitJson(P + "alarm", "id", "config-rejected", S5));
            assertTrue(rig.link.online(), "a rejected config leaves the client connected");
        }
    }

    private static void assertError(LinkRig rig, String payload, String requestId, String fragment) throws Exception {
        rig.probe.publish(P + "cmd", payload);
        Map<String, Object> ack = rig.probe.awaitJson(P + "cmd/ack", "requestId", requestId, S5);
        assertNotNull(ack, "ack for " + requestId);
        assertEquals("error", ack.get("status"), ack.toString());
        assertTrue(String.valueOf(ack.get("message")).contains(fragment), ack.toString());
    }
}
