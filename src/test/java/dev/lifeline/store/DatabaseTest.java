package dev.lifeline.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir Path dir;

    @Test
    void migrationsRunOnceAndVersionSurvivesReopen() {
        Path file = dir.resolve("sub/dir/gw.db");
        try (Database db = Database.open(file)) {
            assertEquals(Migrations.latest(Migrations.ALL), db.schemaVersion());
            assertEquals(Migrations.ALL.size(), count(db, "SELECT COUNT(*) FROM schema_version"));
        }
        try (Database db = Database.open(file)) {
            assertEquals(Migrations.latest(Migrations.ALL), db.schemaVersion());
            assertEquals(Migrations.ALL.size(), count(db, "SELECT COUNT(*) FROM schema_version"));
        }
    }

    @Test
    void laterMigrationsApplyOnTopOfExistingData() {
        Path file = dir.resolve("gw.db");
        List<Migration> v1 = List.of(new Migration(1, "t", List.of("CREATE TABLE t (x INTEGER)", "INSERT INTO t VALUES (1)")));
        try (Database db = Database.open(file, v1)) {
            assertEquals(1, db.schemaVersion());
        }
        List<Migration> v2 = List.of(v1.get(0), new Migration(2, "t.y", List.of("ALTER TABLE t ADD COLUMN y TEXT")));
        try (Database db = Database.open(file, v2)) {
            assertEquals(2, db.schemaVersion());
            assertEquals(1, count(db, "SELECT COUNT(*) FROM t"));
        }
    }

    @Test
    void failedMigrationIsRolledBack() {
        Path file = dir.resolve("gw.db");
        List<Migration> bad = List.of(new Migration(1, "bad", List.of("CREATE TABLE t (x INTEGER)", "THIS IS NOT SQL")));
        assertThrows(StoreException.class, () -> Database.open(file, bad));
        try (Database db = Database.open(file, List.of(new Migration(1, "ok", List.of("CREATE TABLE t (x INTEGER)"))))) {
            assertEquals(1, db.schemaVersion());
        }
    }

    @Test
    void newerDatabaseIsRefused() {
        Path file = dir.resolve("gw.db");
        try (Database db = Database.open(file)) {
            db.inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    return st.executeUpdate("INSERT INTO schema_version VALUES (99, 'future', 'x')");
                }
            });
        }
        StoreException e = assertThrows(StoreException.class, () -> Database.open(file));
        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
        assertTrue(e.getMessage().contains("newer firmware"), e.getMessage());
    }

    @Test
    void durabilityPragmasAreSet() {
        try (Database db = Database.open(dir.resolve("gw.db"))) {
            assertEquals("wal", pragma(db, "journal_mode"));
            assertEquals("2", pragma(db, "synchronous")); // 2 = FULL
            assertEquals("1", pragma(db, "foreign_keys"));
            assertEquals(String.valueOf(Database.BUSY_TIMEOUT_MS), pragma(db, "busy_timeout"));
        }
    }

    @Test
    void transactionRollsBackOnFailure() {
        try (Database db = Database.open(dir.resolve("gw.db"), List.of(new Migration(1, "t", List.of("CREATE TABLE t (x INTEGER)"))))) {
            assertThrows(IllegalStateException.class, () -> db.inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO t VALUES (1)");
                }
                throw new IllegalStateException("boom");
            }));
            assertEquals(0, count(db, "SELECT COUNT(*) FROM t"));
            db.inTransaction(c -> db.inTransaction(c2 -> {  // nested joins the outer transaction
                try (Statement st = c2.createStatement()) {
                    return st.executeUpdate("INSERT INTO t VALUES (2)");
                }
            }));
            assertEquals(1, count(db, "SELECT COUNT(*) FROM t"));
        }
    }

    static long count(Database db, String sql) {
        return db.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static String pragma(Database db, String name) {
        return db.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }
}
