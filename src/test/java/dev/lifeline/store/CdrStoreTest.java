package dev.lifeline.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdrStoreTest {
    @TempDir Path dir;

    static Cdr full() {
        Instant start = Instant.parse("2025-03-01T10:00:00.123456789Z");
        return Cdr.builder().gatewayId("gw-demo").direction("outbound")
                .callingNumber("6000").callingName("Reception").calledDialled("05555550123").calledNumber("+15555550123")
                .srcLeg("fxs:fxs1").dstLeg("fxo:fxo1")
                .start(start).answer(start.plusMillis(4_000)).end(start.plusMillis(65_200))
                .q850Cause(16).sipStatus(200).mode("survival").codec("PCMU")
                .rtp(new RtpStats(3000, 2990, 10, 1.5, 42.25)).build();
    }

    static Cdr minimal(Instant start) {
        return Cdr.builder().gatewayId("gw-demo").direction("internal").callingNumber("6000").calledDialled("6001")
                .srcLeg("fxs:fxs1").start(start).end(start.plusSeconds(20)).q850Cause(19).build();
    }

    @Test
    void derivedFields() {
        Cdr c = full();
        assertEquals(0, c.seq());
        assertEquals(65_200, c.durationMs());
        assertEquals(62, c.billableSec()); // 61.2 s rounds up
        assertTrue(c.answered());
        assertEquals(Instant.parse("2025-03-01T10:00:00.123Z"), c.start());
        Cdr m = minimal(Instant.parse("2025-03-01T10:00:00Z"));
        assertFalse(m.answered());
        assertEquals(0, m.billableSec());
        assertEquals("6001", m.calledNumber());
        assertThrows(IllegalArgumentException.class, () -> Cdr.builder().gatewayId("g").direction("sideways")
                .calledDialled("1").srcLeg("x").start(Instant.EPOCH).end(Instant.EPOCH).build());
    }

    @Test
    void roundTripWithAllFieldsAndNulls() {
        try (Database db = Database.open(dir.resolve("gw.db"))) {
            CdrStore store = new CdrStore(db);
            Cdr a = store.insert(full());
            Cdr b = store.insert(minimal(Instant.parse("2025-03-01T11:00:00Z")));
            assertEquals(1, a.seq());
            assertEquals(2, b.seq());
            assertEquals(a, store.bySeq(1).orElseThrow());
            Cdr readB = store.bySeq(2).orElseThrow();
            assertEquals(b, readB);
            assertNull(readB.callingName());
            assertNull(readB.dstLeg());
            assertNull(readB.answer());
            assertNull(readB.sipStatus());
            assertNull(readB.codec());
            assertNull(readB.rtp());
            assertTrue(store.bySeq(3).isEmpty());
        }
    }

    @Test
    void anSrtpLegsSuiteAndDropsSurviveTheJournalTheSpoolAndReachTheControllerJson() {
        Instant start = Instant.parse("2025-03-01T12:00:00Z");
        Cdr srtp = Cdr.builder().gatewayId("gw-demo").direction("inbound").callingNumber("7000").calledDialled("6001")
                .srcLeg("sip:7000@127.0.0.1").dstLeg("fxs:fxs2").start(start).answer(start.plusSeconds(1)).end(start.plusSeconds(9))
                .codec("PCMU").rtp(new RtpStats(400, 390, 0, 0.5, 0.2, "AES_CM_128_HMAC_SHA1_80", 21, 5)).build();
        try (Database db = Database.open(dir.resolve("gw.db"))) {
            CdrStore store = new CdrStore(db);
            Cdr stored = store.insert(srtp);
            Cdr plainIn = full();
            Cdr plain = store.insert(plainIn);
            assertEquals(stored, store.bySeq(stored.seq()).orElseThrow());
            assertEquals(plain, store.bySeq(plain.seq()).orElseThrow(), "a plain RTP leg reads back without SRTP");
            assertFalse(store.bySeq(plain.seq()).orElseThrow().rtp().srtp());
        }
        assertEquals(srtp, CdrLine.read(CdrLine.write(srtp)), "spool line");
        Cdr plainIn = full();
        assertEquals(plainIn.rtp(), CdrLine.read(CdrLine.write(plainIn)).rtp());
        @SuppressWarnings("unchecked")
        var rtp = (java.util.Map<String, Object>) dev.lifeline.mgmt.controller.CdrJson.toMap(srtp).get("rtp");
        assertEquals("AES_CM_128_HMAC_SHA1_80", rtp.get("srtp"));
        assertEquals(21L, rtp.get("srtpAuthFailures"));
        assertEquals(5L, rtp.get("srtpReplays"));
        @SuppressWarnings("unchecked")
        var plainRtp = (java.util.Map<String, Object>) dev.lifeline.mgmt.controller.CdrJson.toMap(full()).get("rtp");
        assertTrue(plainRtp.containsKey("srtp") && plainRtp.get("srtp") == null && !plainRtp.containsKey("srtpAuthFailures"));
    }

    /**
     * Migration 8: a journal of schema 7 gains the fax column, a CDR without a fax reads as
     * {@code none}, and a T.38 fax's flag survives the store, the spool line
     * and the controller JSON; the column refuses a value outside its list.
     */
    @Test
    void theFaxFlagIsAddedByMigration8AndSurvivesTheJournalTheSpoolAndTheControllerJson() throws Exception {
        Path file = dir.resolve("gw.db");
        Instant t = Instant.parse("2025-03-01T10:00:00Z");
        try (Database db = Database.open(file, Migrations.ALL.subList(0, 7))) {
            assertEquals(7, db.schemaVersion());
        }
        Cdr fax = Cdr.builder().gatewayId("gw-demo").direction("internal").callingNumber("6000").calledDialled("7000")
                .srcLeg("fxs:fxs1").dstLeg("sip:7000@127.0.0.1").start(t).answer(t.plusSeconds(1)).end(t.plusSeconds(40))
                .codec("PCMU").fax("t38").build();
        try (Database db = Database.open(file)) {
            assertEquals(8, db.schemaVersion());
            CdrStore store = new CdrStore(db);
            Cdr plain = store.insert(minimal(t));
            Cdr stored = store.insert(fax);
            assertEquals("none", store.bySeq(plain.seq()).orElseThrow().fax());
            assertEquals("t38", store.bySeq(stored.seq()).orElseThrow().fax());
            assertThrows(Exception.class, () -> {
                try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); var st = c.createStatement()) {
                    st.executeUpdate("UPDATE cdr SET fax = 'telex' WHERE seq = " + stored.seq());
                }
            });
        }
        assertEquals("t38", CdrLine.read(CdrLine.write(fax)).fax(), "spool line");
        assertEquals("none", CdrLine.read(CdrLine.write(full())).fax());
        assertEquals("t38", dev.lifeline.mgmt.controller.CdrJson.toMap(fax).get("fax"));
        assertThrows(IllegalArgumentException.class, () -> Cdr.builder().gatewayId("g").direction("internal").calledDialled("1")
                .srcLeg("x").start(t).end(t).fax("telex").build());
    }

    @Test
    void seqIsMonotonicAndNeverReused() {
        Path file = dir.resolve("gw.db");
        Instant t = Instant.parse("2025-03-01T10:00:00Z");
        try (Database db = Database.open(file)) {
            CdrStore store = new CdrStore(db);
            for (int i = 0; i < 5; i++) store.insert(minimal(t.plusSeconds(i)));
            assertEquals(5, store.count());
            assertEquals(List.of(5L, 4L, 3L), store.recent(3).stream().map(Cdr::seq).toList());
            assertEquals(List.of(3L, 4L), store.after(2, 2).stream().map(Cdr::seq).toList());
            assertEquals(5, store.deleteUpTo(5));
            assertEquals(0, store.count());
            assertEquals(6, store.insert(minimal(t)).seq());
            assertThrows(IllegalArgumentException.class, () -> store.insert(store.bySeq(6).orElseThrow()));
        }
        try (Database db = Database.open(file)) {
            CdrStore store = new CdrStore(db);
            assertEquals(6, store.lastSeq());
            assertEquals(7, store.insert(minimal(t)).seq());
            assertEquals(2, store.count());
            assertEquals(1, store.deleteUpTo(6));
            assertEquals(List.of(7L), store.after(0, 10).stream().map(Cdr::seq).toList());
        }
    }

    @Test
    void dataSurvivesReopen() {
        Path file = dir.resolve("gw.db");
        Cdr stored;
        try (Database db = Database.open(file)) {
            stored = new CdrStore(db).insert(full());
        }
        try (Database db = Database.open(file)) {
            assertEquals(List.of(stored), new CdrStore(db).recent(10));
        }
    }

    @Test
    void concurrentInsertsGetDistinctSeqs() throws Exception {
        try (Database db = Database.open(dir.resolve("gw.db"))) {
            CdrStore store = new CdrStore(db);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            Instant t = Instant.parse("2025-03-01T10:00:00Z");
            for (int i = 0; i < 40; i++) pool.submit(() -> store.insert(minimal(t)));
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            assertEquals(40, store.count());
            assertEquals(40, store.lastSeq());
            assertEquals(40, store.after(0, 100).stream().map(Cdr::seq).distinct().count());
        }
    }

    @Test
    void insertAllNumbersConsecutivelyInOneTransactionAndFirstSeqFollowsDeletes() {
        try (Database db = Database.open(dir.resolve("gw.db"))) {
            CdrStore store = new CdrStore(db);
            Instant t = Instant.parse("2025-03-01T10:00:00Z");
            assertEquals(0, store.firstSeq());
            store.insert(minimal(t));
            List<Cdr> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 1000; i++) batch.add(minimal(t.plusSeconds(i)));
            List<Cdr> stored = store.insertAll(batch);
            assertEquals(2, stored.get(0).seq());
            assertEquals(1001, stored.get(999).seq());
            assertEquals(1001, store.count());
            assertEquals(1, store.firstSeq());
            store.deleteUpTo(500);
            assertEquals(501, store.firstSeq());
            assertEquals(1001, store.lastSeq());
            assertThrows(IllegalArgumentException.class, () -> store.insertAll(List.of(minimal(t), stored.get(5))));
            assertEquals(1001, store.lastSeq(), "a refused batch leaves nothing behind");
        }
    }
}
