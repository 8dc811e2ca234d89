package dev.lifeline.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrSpool;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.Database;
import dev.lifeline.store.StoreException;
import dev.lifeline.util.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keep-spool-retry rules of the CDR backlog, driven by a manual clock. The store is a real
 * SQLite journal; its failures are switched on and off by a gate in front of it (the e2e tests
 * in {@code it/CdrDurabilityE2ETest} make the same failures happen for real: full disk, lock).
 */
class CdrBacklogTest {
    @TempDir Path tmp;
    private Database db;
    private CdrStore store;
    private final ManualClock clock = new ManualClock();
    private final List<String> alarms = new ArrayList<>();
    private boolean broken;
    private int attempts;

    private final CdrBacklog.Health health = new CdrBacklog.Health() {
        @Override public void failing(String text) { alarms.add("raised: " + text); }
        @Override public void recovered(String text) { alarms.add("cleared: " + text); }
    };

    @BeforeEach
    void open() { db = Database.open(tmp.resolve("lifeline.db")); store = new CdrStore(db); }

    @AfterEach
    void close() { db.close(); }

    private Cdr sink(Cdr c) {
        attempts++;
        if (broken) throw new StoreException("database lifeline.db: [SQLITE_FULL] database or disk is full", null);
        return store.insert(c);
    }

    private CdrBacklog backlog(CdrSpool spool, int bound) {
        CdrBacklog b = new CdrBacklog(this::sink, spool, clock, bound, health, c -> { });
        b.loadSpool();
        return b;
    }

    private static Cdr cdr(String uuid) {
        Instant t = Instant.parse("2026-01-01T12:00:00Z");
        return Cdr.builder().uuid(uuid).gatewayId("gw1").direction("internal").callingNumber("6000").calledDialled("6001")
                .srcLeg("fxs:fxs1").dstLeg("fxs:fxs2").start(t).end(t.plusSeconds(3)).q850Cause(16).build();
    }

    private List<String> committedUuids() { return store.after(0, 100).stream().map(Cdr::uuid).toList(); }

    @Test
    void aRefusedCdrIsSpooledAlarmedRetriedWithBackoffAndCommittedInOrderOnce() throws Exception {
        CdrSpool spool = CdrSpool.in(tmp);
        CdrBacklog b = backlog(spool, 100);
        broken = true;
        b.offer(cdr("a"));
        b.offer(cdr("b"));
        assertEquals(200, b.drain(), "first retry after 200 ms");
        b.offer(cdr("c"));
        assertEquals(List.of("a", "b", "c"), spool.readAll().stream().map(Cdr::uuid).toList(), "all three are in the spool file");
        assertEquals(1, alarms.size(), alarms.toString());
        assertTrue(alarms.get(0).startsWith("raised: ") && alarms.get(0).contains("SQLITE_FULL")
                && alarms.get(0).contains(spool.file().toString()), alarms.toString());
        assertTrue(b.snapshot().failing());
        assertEquals(3, b.snapshot().inMemory());

        int before = attempts;
        clock.advance(150);
        assertEquals(50, b.drain(), "not yet");
        assertEquals(before, attempts, "no attempt before the backoff is over");
        long[] expected = {400, 800, 1600, 3200, 6400, 10_000, 10_000};
        long waited = 50;
        for (long next : expected) {
            clock.advance(waited);
            assertEquals(next, b.drain());
            waited = next;
        }
        assertEquals(1, alarms.size(), "the alarm is raised once, not at every retry");

        broken = false;
        clock.advance(waited);
        assertEquals(-1, b.drain());
        assertEquals(List.of("a", "b", "c"), committedUuids());
        assertEquals(List.of(1L, 2L, 3L), store.after(0, 100).stream().map(Cdr::seq).toList());
        assertTrue(spool.isEmpty(), "spool emptied once everything is committed");
        assertEquals(2, alarms.size());
        assertTrue(alarms.get(1).startsWith("cleared: "), alarms.toString());
        assertFalse(b.snapshot().failing());

        b.offer(cdr("d"));
        assertEquals(-1, b.drain(), "a working store takes the next CDR at once");
        assertEquals(List.of("a", "b", "c", "d"), committedUuids());
    }

    @Test
    void aCrashBetweenCommitAndSpoolTruncationDoesNotDuplicate() throws Exception {
        CdrSpool spool = CdrSpool.in(tmp);
        spool.prepare();
        spool.append(cdr("a"));
        spool.append(cdr("b"));
        store.insert(cdr("a")); // committed, then the process died before the spool was emptied

        CdrBacklog b = backlog(spool, 100);
        b.offer(cdr("new"));
        assertEquals(-1, b.drain());
        assertEquals(List.of("a", "b", "new"), committedUuids(), "spooled CDRs first, in order, each once");
        assertTrue(spool.isEmpty());
        assertTrue(alarms.isEmpty(), "nothing failed: " + alarms);
    }

    @Test
    void pastTheMemoryBoundCdrsAreOnlyInTheSpoolAndStillCommittedInOrder() throws Exception {
        CdrSpool spool = CdrSpool.in(tmp);
        CdrBacklog b = backlog(spool, 2);
        broken = true;
        b.offer(cdr("c1"));
        assertEquals(200, b.drain());
        for (int i = 2; i <= 6; i++) b.offer(cdr("c" + i));
        assertEquals(2, b.snapshot().inMemory(), "memory holds the bound");
        assertTrue(b.snapshot().overflow(), "the rest only in the spool");
        assertEquals(6, spool.readAll().size());

        broken = false;
        clock.advance(200);
        assertEquals(-1, b.drain());
        assertEquals(List.of("c1", "c2", "c3", "c4", "c5", "c6"), committedUuids());
        assertEquals(0, b.snapshot().lost());
    }

    @Test
    void withTheSpoolUnwritableCdrsStayInMemoryAndTheAlarmSaysSo() throws Exception {
        Path notADir = tmp.resolve("data");
        Files.writeString(notADir, "a file where the spool directory should be");
        CdrSpool spool = CdrSpool.in(notADir);
        CdrBacklog b = backlog(spool, 100);
        broken = true;
        b.offer(cdr("a"));
        b.drain();
        b.offer(cdr("b"));
        assertEquals(1, alarms.size());
        assertTrue(alarms.get(0).contains("ONLY IN MEMORY"), alarms.toString());
        assertEquals(2, b.snapshot().inMemory());

        broken = false;
        clock.advance(200);
        assertEquals(-1, b.drain());
        assertEquals(List.of("a", "b"), committedUuids());
    }

    @Test
    void whatShutdownCannotCommitIsSpooledAndTheNextStartImportsItBeforeNewCdrs() throws Exception {
        CdrSpool spool = CdrSpool.in(tmp);
        CdrBacklog first = backlog(spool, 100);
        broken = true;
        first.offer(cdr("old1"));
        first.offer(cdr("old2"));
        assertEquals(2, first.spoolRemaining(), "two CDRs left for the next start");

        broken = false;
        CdrBacklog next = backlog(spool, 100);
        assertEquals(2, next.snapshot().inMemory(), "imported from the spool at start");
        next.offer(cdr("new"));
        assertEquals(-1, next.drain());
        assertEquals(List.of("old1", "old2", "new"), committedUuids());
        assertTrue(spool.isEmpty());
    }
}
