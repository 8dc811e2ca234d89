package dev.lifeline.sip.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.store.Database;
import dev.lifeline.util.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistence, restore, expiry and listeners of the location store, on a real SQLite file. */
class LocationStoreTest {
    @TempDir Path dir;
    private final ManualClock clock = new ManualClock();

    private Binding binding(String aor, String host, double q, long lifetimeMs) {
        return new Binding(aor, "sip:" + aor + "@" + host + ":5060", q, clock.now().toEpochMilli() + lifetimeMs, "cid-" + host, 1,
                host + ":5060", "udp", List.of("<sip:edge;lr>"), "UA/1", null);
    }

    @Test
    void bindingsSurviveARestartWithTheirRemainingLifetime() throws Exception {
        Path file = dir.resolve("gw.db");
        try (Database db = Database.open(file); LocationStore store = new LocationStore(db, clock, 0)) {
            store.upsert(binding("7000", "10.0.0.1", 1.0, 600_000)).get(5, TimeUnit.SECONDS);
            store.upsert(binding("7000", "10.0.0.2", 0.5, 120_000)).get(5, TimeUnit.SECONDS);
            store.upsert(binding("7001", "10.0.0.3", 1.0, 60_000)).get(5, TimeUnit.SECONDS);
        }
        clock.advance(90_000); // the gateway was down for 90 s: 7001's binding lapsed meanwhile
        try (Database db = Database.open(file); LocationStore store = new LocationStore(db, clock, 0)) {
            long now = clock.now().toEpochMilli();
            List<Binding> b = store.lookup("7000");
            assertEquals(2, b.size());
            assertEquals(510, b.get(0).remainingSeconds(now));
            assertEquals(30, b.get(1).remainingSeconds(now));
            assertEquals(List.of("<sip:edge;lr>"), b.get(0).path());
            assertTrue(store.lookup("7001").isEmpty());
            long rows = db.read(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM location")) {
                    return rs.next() ? rs.getLong(1) : -1L;
                }
            });
            assertEquals(2, rows, "the lapsed binding is deleted from the table on restore");
        }
    }

    @Test
    void shadowBindingsKeepTheirOriginAcrossARestart() throws Exception {
        Path file = dir.resolve("shadow.db");
        Binding b = binding("7000", "10.0.0.9", 1.0, 300_000);
        Binding shadow = new Binding(b.aor(), b.contact(), b.q(), b.expiresAt(), b.callId(), b.cseq(), b.received(),
                b.transport(), b.path(), b.userAgent(), b.instance(), Binding.HQ);
        try (Database db = Database.open(file); LocationStore store = new LocationStore(db, clock, 0)) {
            store.upsert(shadow).get(5, TimeUnit.SECONDS);
            store.upsert(binding("7001", "10.0.0.3", 1.0, 60_000)).get(5, TimeUnit.SECONDS);
        }
        try (Database db = Database.open(file); LocationStore store = new LocationStore(db, clock, 0)) {
            assertTrue(store.lookup("7000").get(0).shadow(), "origin hq restored");
            assertEquals(Binding.LOCAL, store.lookup("7001").get(0).origin());
        }
    }

    @Test
    void timerExpiresBindingsOnTimeAndTellsListeners() throws Exception {
        try (Database db = Database.open(dir.resolve("gw.db")); LocationStore store = new LocationStore(db, clock, 10)) {
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            store.addListener(new LocationListener() {
                @Override public void inserted(Binding b) { events.add("inserted " + b.contact()); }
                @Override public void updated(Binding b) { events.add("updated " + b.contact()); }
                @Override public void deleted(Binding b) { events.add("deleted " + b.contact()); }
                @Override public void expired(Binding b) { events.add("expired " + b.contact()); }
            });
            store.upsert(binding("7000", "10.0.0.1", 1.0, 60_000)).get(5, TimeUnit.SECONDS);
            store.upsert(binding("7000", "10.0.0.2", 1.0, 120_000)).get(5, TimeUnit.SECONDS);
            assertEquals("inserted sip:7000@10.0.0.1:5060", events.poll(2, TimeUnit.SECONDS));
            assertEquals("inserted sip:7000@10.0.0.2:5060", events.poll(2, TimeUnit.SECONDS));
            clock.advance(59_999);
            assertEquals(null, events.poll(100, TimeUnit.MILLISECONDS), "not yet");
            clock.advance(1);
            assertEquals("expired sip:7000@10.0.0.1:5060", events.poll(2, TimeUnit.SECONDS));
            assertEquals(1, store.lookup("7000").size());
            store.remove("7000", "sip:7000@10.0.0.2:5060").get(5, TimeUnit.SECONDS);
            assertEquals("deleted sip:7000@10.0.0.2:5060", events.poll(2, TimeUnit.SECONDS));
            assertTrue(store.snapshot().isEmpty());
        }
    }

    @Test
    void concurrentChangesAreGroupCommittedAndAllDurable() throws Exception {
        Path file = dir.resolve("gw.db");
        int n = 2000;
        long t0 = System.nanoTime();
        try (Database db = Database.open(file); LocationStore store = new LocationStore(db, clock, 0)) {
            List<CompletableFuture<List<Binding>>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) all.add(store.upsert(binding("ext" + (i % 100), "10.1." + (i / 250) + "." + (i % 250), 1.0, 600_000)));
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        double perSecond = n / ((System.nanoTime() - t0) / 1e9);
        try (Database db = Database.open(file); LocationStore store = new LocationStore(db, clock, 0)) {
            assertEquals(n, store.size());
        }
        assertTrue(perSecond > 500, "group commit keeps up: " + perSecond + " changes/s");
    }

    @Test
    void updateIsAtomicPerAorAndCanBeAborted() throws Exception {
        try (Database db = Database.open(dir.resolve("gw.db")); LocationStore store = new LocationStore(db, clock, 0)) {
            store.upsert(binding("7000", "10.0.0.1", 0.2, 60_000)).get(5, TimeUnit.SECONDS);
            try {
                store.update("7000", cur -> { throw new RegisterRejected(500, "no"); });
            } catch (RegisterRejected expected) {
                // nothing changed
            }
            assertEquals(1, store.lookup("7000").size());
            store.upsert(binding("7000", "10.0.0.2", 0.9, 60_000)).get(5, TimeUnit.SECONDS);
            assertEquals("sip:7000@10.0.0.2:5060", store.lookup("7000").get(0).contact(), "highest q first");
        }
    }
}
