package dev.lifeline.mgmt.controller;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.store.ConfigVersions;
import dev.lifeline.store.Database;
import dev.lifeline.util.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one versioned config that the controller's pushes and TR-069 both change (docs/tr069.md,
 * "which channel wins"): a TR-069 change takes the next version, a push must be newer than
 * whatever runs, and the newest applied version wins, whole.
 */
class VersionedConfigTest {
    @TempDir Path dir;
    private Database db;
    private ConfigVersions versions;
    private StubGateway gw;
    private VersionedConfig config;
    private ConfigPush push;
    private String demo;

    @BeforeEach
    void setUp() throws Exception {
        db = Database.open(dir.resolve("gw.db"));
        versions = new ConfigVersions(db);
        gw = StubGateway.demo(ConfigPushTest.CONTROLLER);
        config = new VersionedConfig(gw, versions, 0, Instant::now);
        push = new ConfigPush(gw, config, new Alarms(Instant::now));
        demo = StubGateway.demoText() + ConfigPushTest.CONTROLLER;
    }

    @AfterEach
    void tearDown() { db.close(); }

    @Test
    void aTr069ChangeIsTheNextVersionAndAnOlderPushCannotOverwriteIt() {
        VersionedConfig.Outcome out = config.change("tr069 SetParameterValues",
                t -> t.replace("fxs2: { extension: \"6001\"", "fxs2: { extension: \"6011\"")
                        .replace("\"6001\"", "\"6011\""));
        assertTrue(out.applied(), () -> out.problems().toString());
        assertEquals(1, out.version());
        assertEquals(1, config.running());
        assertEquals("6011", gw.running.lines().get("fxs2").extension());
        assertEquals(java.util.List.of(1L), versions.versions(), "stored like a push");

        Map<String, Object> stale = push(1, demo);
        assertEquals("rejected", stale.get("status"), "a controller that did not see v1 cannot overwrite it");
        assertEquals("6011", gw.running.lines().get("fxs2").extension());

        Map<String, Object> newer = push(2, demo);
        assertEquals("applied", newer.get("status"));
        assertEquals("6001", gw.running.lines().get("fxs2").extension(), "the newest version wins, whole");
        assertEquals(2, config.running());
    }

    @Test
    void aChangeTheValidationRefusesChangesNothing() {
        VersionedConfig.Outcome out = config.change("tr069 SetParameterValues",
                t -> t.replace("fxs2: { extension: \"6001\"", "fxs2: { extension: \"6000\""));
        assertFalse(out.applied());
        assertEquals("lines.fxs2.extension", out.problems().get(0).field());
        assertEquals(0, config.running());
        assertEquals("6001", gw.running.lines().get("fxs2").extension());
        assertTrue(versions.versions().isEmpty());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> push(long version, String yaml) {
        byte[] payload = ConfigPushTest.envelope(version, "r-" + version, yaml).getBytes(StandardCharsets.UTF_8);
        return (Map<String, Object>) Json.parse(Json.write(push.handle(payload)));
    }
}
