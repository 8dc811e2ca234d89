package dev.lifeline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool file: what goes in comes back field for field, in order; a torn tail costs only itself. */
class CdrSpoolTest {
    @TempDir Path dir;

    @Test
    void everyFieldSurvivesTheSpoolAndOrderIsKept() throws Exception {
        CdrSpool spool = CdrSpool.in(dir);
        spool.prepare();
        Cdr full = CdrStoreTest.full();
        Cdr minimal = CdrStoreTest.minimal(Instant.parse("2025-03-01T10:00:00Z"));
        spool.append(full);
        spool.append(minimal);
        assertEquals(List.of(full, minimal), spool.readAll());
        assertEquals(2, Files.readAllLines(spool.file()).size(), "one record per line");
        assertEquals(CdrSpool.RESERVE_BYTES, Files.size(dir.resolve("spool/cdr-spool.jsonl.reserve")), "reserve written");
    }

    @Test
    void aTornLastLineFromACrashIsSkippedAndTheRestIsRead() throws Exception {
        CdrSpool spool = CdrSpool.in(dir);
        spool.prepare();
        Cdr a = CdrStoreTest.minimal(Instant.parse("2025-03-01T10:00:00Z"));
        spool.append(a);
        String line = CdrLine.write(CdrStoreTest.full());
        Files.writeString(spool.file(), line.substring(0, line.length() / 2), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals(List.of(a), spool.readAll());
    }

    @Test
    void clearEmptiesTheFile() throws Exception {
        CdrSpool spool = CdrSpool.in(dir);
        spool.prepare();
        assertTrue(spool.isEmpty());
        spool.append(CdrStoreTest.full());
        assertTrue(!spool.isEmpty());
        spool.clear();
        assertTrue(spool.isEmpty());
        assertEquals(List.of(), spool.readAll());
    }

    @Test
    void insertingACdrWhoseUuidIsStoredReturnsTheStoredCopyWithoutANewSeq() {
        try (Database db = Database.open(dir.resolve("lifeline.db"))) {
            CdrStore store = new CdrStore(db);
            Cdr first = store.insert(CdrStoreTest.full());
            store.insert(CdrStoreTest.minimal(Instant.parse("2025-03-01T10:00:00Z")));
            Cdr again = store.insert(first.withSeq(0)); // the same CDR (same uuid), e.g. from the spool after a crash
            assertEquals(first, again, "the stored copy, same seq");
            assertEquals(2, store.count());
            assertEquals(2, store.lastSeq(), "no seq spent on the duplicate");
        }
    }
}
