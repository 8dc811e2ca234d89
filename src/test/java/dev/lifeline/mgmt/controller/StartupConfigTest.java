package dev.lifeline.mgmt.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lifeline.config.ConfigLoader;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.store.ConfigVersions;
import dev.lifeline.store.Database;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which config a starting gateway runs: the newest stored one that still validates, else the file. */
class StartupConfigTest {
    @TempDir Path dir;

    @Test
    void newestValidStoredConfigWinsOlderOnesAndTheFileAreFallbacks() throws Exception {
        var board = StubGateway.simBoard();
        String demo = StubGateway.demoText() + ConfigPushTest.CONTROLLER;
        SiteConfig file = ConfigLoader.loadSite(demo, "demo.yaml", board);
        try (Database db = Database.open(dir.resolve("gw.db"))) {
            ConfigVersions v = new ConfigVersions(db);
            assertSame(file, StartupConfig.choose(v, board, file, "demo.yaml", s -> true).site(), "nothing stored: the file");

            v.put(3, Instant.now(), demo.replace("\"6003\"", "\"6013\""), ConfigVersions.APPLIED, 5);
            v.put(4, Instant.now(), demo.replace("digit-map: \"", "digit-map: \"(("), ConfigVersions.APPLIED, 5);
            v.put(5, Instant.now(), demo.replace("gateway-id: gw-demo", "gateway-id: gw-else"), ConfigVersions.APPLIED, 5);
            v.put(6, Instant.now(), demo.replace("\"6003\"", "\"6016\""), "rejected", 5);
            StartupConfig c = StartupConfig.choose(v, board, file, "demo.yaml", s -> true);
            assertEquals(3, c.version(), "v6 was never applied, v5 is another gateway's, v4 no longer validates");
            assertEquals("6013", c.site().lines().get("fxs4").extension());
            assertEquals("stored controller v3", c.source());

            StartupConfig none = StartupConfig.choose(v, board, file, "demo.yaml", s -> false);
            assertEquals(0, none.version(), "unusable everywhere: the file");
            assertSame(file, none.site());
        }
    }
}
