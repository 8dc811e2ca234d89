package dev.lifeline.app.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.it.Mosquitto;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** push, cmd, status and alarms of the reference controller, as a library and as {@code lifeline ctl}, against a scripted gateway. */
class ControllerTest {
    private static final Duration T = Duration.ofSeconds(5);

    @Test
    void pushPrintsTheAckAndExits0WhenAppliedAnd2WithEachErrorWhenRejected(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("site.yaml");
        Files.writeString(yaml, "site: branch-1\ngateway-id: gw-1\n");
        try (Mosquitto broker = Mosquitto.start(); GatewayPeer gw = GatewayPeer.connect(broker.url(), "branch-1", "gw-1")) {
            gw.answerConfig(r -> {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("requestId", r.get("requestId"));
                a.put("version", r.get("version"));
                if ((Long) r.get("version") == 8) {
                    a.put("status", "applied");
                    a.put("running", 8L);
                    a.put("appliedMs", 42L);
                    a.put("restartRequired", List.of());
                } else {
                    a.put("status", "rejected");
                    a.put("running", 8L);
                    a.put("errors", List.of(Map.of("field", "lines.fxs4.extension", "message", "missing"),
                            Map.of("field", "users[1].extension", "message", "6001 is already used by lines.fxs2")));
                }
                return a;
            });
            Cli ok = cli("push", "--broker", broker.url(), "--site", "branch-1", "--gateway", "gw-1", "--version", "8", yaml.toString());
            assertEquals(0, ok.code, ok.err);
            assertTrue(ok.out.contains("config version 8 applied (running 8; 42 ms on the gateway"), ok.out);
            Map<String, Object> sent = gw.nextRequest(T);
            assertEquals(8L, sent.get("version"));
            assertEquals("site: branch-1\ngateway-id: gw-1\n", sent.get("config"), "the YAML text is sent whole");
            assertTrue(String.valueOf(sent.get("requestId")).startsWith("r-"));

            Cli bad = cli("push", "--broker", broker.url(), "--site", "branch-1", "--gateway", "gw-1", "--version", "9", yaml.toString());
            assertEquals(2, bad.code, bad.out + bad.err);
            assertTrue(bad.out.contains("config version 9 rejected (running 8)"), bad.out);
            assertTrue(bad.out.contains("\nlines.fxs4.extension: missing\n"), bad.out);
            assertTrue(bad.out.contains("\nusers[1].extension: 6001 is already used by lines.fxs2\n"), bad.out);
        }
    }

    @Test
    void pushWithoutAnAnswerTimesOutWithExit1(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("site.yaml");
        Files.writeString(yaml, "site: x\n");
        try (Mosquitto broker = Mosquitto.start()) {
            Cli r = cli("push", "--broker", broker.url(), "--site", "s", "--gateway", "nobody", "--version", "2", "--timeout", "1s",
                    yaml.toString());
            assertEquals(1, r.code);
            assertTrue(r.err.contains("no config/ack from s/nobody within 1s"), r.err);
        }
    }

    @Test
    void noBrokerIsExit1WithAReadableLine() {
        Cli r = cli("status", "--broker", "tcp://127.0.0.1:1");
        assertEquals(1, r.code);
        assertTrue(r.err.startsWith("lifeline ctl: broker: "), r.err);
        assertFalse(r.err.contains("\tat "), "no stack trace: " + r.err);
    }

    @Test
    void cmdSendsTheCommandAndPrintsItsAck() throws Exception {
        try (Mosquitto broker = Mosquitto.start(); GatewayPeer gw = GatewayPeer.connect(broker.url(), "branch-1", "gw-1")) {
            gw.answerCmd(r -> Map.of("requestId", r.get("requestId"), "command", r.get("command"),
                    "status", "survival".equals(r.get("mode")) ? "ok" : "error", "message", "mode " + r.get("mode")));
            Cli ok = cli("cmd", "--broker", broker.url(), "--site", "branch-1", "--gateway", "gw-1", "force-mode", "survival");
            assertEquals(0, ok.code, ok.err);
            assertEquals("branch-1/gw-1: force-mode survival ok: mode survival\n", ok.out);
            Map<String, Object> sent = gw.nextRequest(T);
            assertEquals("force-mode", sent.get("command"));
            assertEquals("survival", sent.get("mode"));
            Cli err = cli("cmd", "--broker", broker.url(), "--site", "branch-1", "--gateway", "gw-1", "force-mode", "normal");
            assertEquals(2, err.code);
            Cli usage = cli("cmd", "--broker", broker.url(), "--site", "branch-1", "--gateway", "gw-1", "force-mode", "sideways");
            assertEquals(64, usage.code);
        }
    }

    @Test
    void statusAndAlarmsShowRetainedStatusesOfEveryGatewayAndTheWill() throws Exception {
        try (Mosquitto broker = Mosquitto.start();
             GatewayPeer a = GatewayPeer.connect(broker.url(), "branch-1", "gw-a");
             GatewayPeer b = GatewayPeer.connect(broker.url(), "branch-2", "gw-b")) {
            a.publish(Topics.STATUS, """
                    {"online":true,"gatewayId":"gw-a","site":"branch-1","mode":"SURVIVAL","software":"0.1.0","configVersion":7,
                     "uptimeSeconds":3725,"registrations":3,"calls":1,"cdrBacklog":12,
                     "ports":[{"id":"fxs1","type":"fxs","extension":"6000","state":"idle"}],
                     "alarms":[{"id":"wan-lost","severity":"major","text":"HQ unreachable"}],"time":"2025-01-01T10:00:00Z"}""", true);
            b.publish(Topics.STATUS, "{\"online\":false,\"gatewayId\":\"gw-b\",\"site\":\"branch-2\"}", true);

            try (Controller c = Controller.connect(broker.url())) {
                List<GatewayStatus> all = c.statuses("+", "+", T);
                assertEquals(2, all.size(), all.toString());
                GatewayStatus sa = all.get(0);
                assertTrue(sa.online());
                assertEquals("SURVIVAL", sa.mode());
                assertEquals(7L, sa.configVersion());
                assertEquals(12L, sa.cdrBacklog());
                assertEquals("wan-lost", sa.alarms().get(0).get("id"));
                assertFalse(all.get(1).online());
                assertNotNull(c.awaitStatus("branch-2", "gw-b", s -> !s.online(), T));
            }
            Cli table = cli("status", "--broker", broker.url());
            assertEquals(0, table.code, table.err);
            List<String> lines = table.out.lines().toList();
            assertTrue(lines.get(0).startsWith("SITE"), table.out);
            assertTrue(lines.get(1).matches("branch-1 +gw-a +online +SURVIVAL +7 +3 +1 +12 +1h2m +wan-lost\\(major\\)"), table.out);
            assertTrue(lines.get(2).matches("branch-2 +gw-b +OFFLINE.*"), table.out);

            Cli one = cli("status", "--broker", broker.url(), "--gateway", "gw-b", "--json");
            assertEquals("[{\"online\":false,\"gatewayId\":\"gw-b\",\"site\":\"branch-2\"}]\n", one.out);

            Cli alarms = cli("alarms", "--broker", broker.url());
            assertTrue(alarms.out.lines().anyMatch(l -> l.matches("branch-1 +gw-a +wan-lost +major +active +- +HQ unreachable")),
                    alarms.out);
        }
    }

    @Test
    void cdrsPrintsWhatCollectStored(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("ctl.db");
        try (CdrArchive archive = CdrArchive.open(db)) {
            archive.store("branch-1", "gw-1", List.of(new CdrArchive.StoredCdr("gw-1", 1,
                    dev.lifeline.util.Json.write(GatewayPeer.cdr("gw-1", 1)))));
        }
        Cli table = cli("cdrs", "--db", db.toString());
        assertEquals(0, table.code, table.err);
        assertTrue(table.out.lines().anyMatch(l -> l.matches("gw-1 +1 +2025-01-01T10:00:10Z +6000 +6001 +internal +2s +16 +normal")),
                table.out);
        Cli json = cli("cdrs", "--db", db.toString(), "--json");
        assertTrue(json.out.startsWith("[{\"seq\":1,\"uuid\":"), json.out);
        Cli missing = cli("cdrs", "--db", dir.resolve("nope.db").toString());
        assertEquals(64, missing.code);
    }

    record Cli(int code, String out, String err) {}

    /** Runs {@code lifeline ctl ARGS} in this JVM, capturing what it prints. */
    static Cli cli(String... args) {
        var r = dev.lifeline.testutil.CtlCli.run(args);
        return new Cli(r.code(), r.out(), r.err());
    }
}
