package dev.lifeline.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CdrStore#search}: the web console's CDR search by number and start time. */
class CdrSearchTest {
    @TempDir Path dir;

    private static Cdr call(String from, String dialled, String normalized, String start) {
        Instant t = Instant.parse(start);
        return Cdr.builder().gatewayId("gw").direction("internal").callingNumber(from).calledDialled(dialled)
                .calledNumber(normalized).srcLeg("fxs:fxs1").start(t).end(t.plusSeconds(10)).build();
    }

    @Test
    void byPartOfAnyNumberAndByStartNewestFirst() {
        try (Database db = Database.open(dir.resolve("gw.db"))) {
            CdrStore store = new CdrStore(db);
            store.insertAll(List.of(
                    call("6000", "6001", "6001", "2026-12-05T23:59:59Z"),
                    call("6001", "05551234", "+15555551234", "2026-12-06T08:00:00Z"),
                    call("7000", "6002", "6002", "2026-12-06T09:00:00Z"),
                    call("6003", "100%_x", "100%_x", "2026-12-07T00:00:00Z")));
            assertEquals(List.of(4L, 3L, 2L, 1L), seqs(store.search(null, null, null, 10)));
            assertEquals(List.of(2L, 1L), seqs(store.search("6001", null, null, 10)), "calling or dialled");
            assertEquals(List.of(2L), seqs(store.search("+1555", null, null, 10)), "the normalized number too");
            assertEquals(List.of(2L), seqs(store.search("555123", null, null, 10)), "a part of it");
            assertEquals(List.of(4L), seqs(store.search("%_", null, null, 10)), "no LIKE wildcards");
            assertEquals(List.of(), seqs(store.search("%", null, null, 10).stream().filter(c -> c.seq() != 4).toList()));
            Instant day = Instant.parse("2026-12-06T00:00:00Z"), next = Instant.parse("2026-12-07T00:00:00Z");
            assertEquals(List.of(3L, 2L), seqs(store.search(null, day, next, 10)), "from inclusive, to exclusive");
            assertEquals(List.of(3L), seqs(store.search(null, day, next, 1)), "limit keeps the newest");
            assertEquals(List.of(2L), seqs(store.search("6001", day, null, 10)));
        }
    }

    private static List<Long> seqs(List<Cdr> cdrs) { return cdrs.stream().map(Cdr::seq).toList(); }
}
