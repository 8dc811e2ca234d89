package dev.lifeline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigVersionsTest {
    @TempDir Path dir;

    @Test
    void keepsTheNewestVersionsAndListsAppliedOnesNewestFirst() {
        Path file = dir.resolve("gw.db");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (Database db = Database.open(file)) {
            ConfigVersions v = new ConfigVersions(db);
            for (int i = 1; i <= 7; i++) v.put(i, t.plusSeconds(i), "site: s" + i, ConfigVersions.APPLIED, 5);
            assertEquals(List.of(7L, 6L, 5L, 4L, 3L), v.versions());
            v.put(8, t, "site: s8", "rejected", 5);
            assertEquals(List.of(8L, 7L, 6L, 5L, 4L), v.versions());
        }
        try (Database db = Database.open(file)) {
            List<ConfigVersions.Stored> applied = new ConfigVersions(db).newestFirst(ConfigVersions.APPLIED);
            assertEquals(List.of(7L, 6L, 5L, 4L), applied.stream().map(ConfigVersions.Stored::version).toList());
            assertEquals("site: s7", applied.get(0).yaml());
            assertEquals(t.plusSeconds(7), applied.get(0).receivedAt());
            assertFalse(applied.get(0).toString().contains("site:"));
        }
    }
}
