package dev.lifeline.app.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the contiguous mark starts and moves: what the controller may acknowledge is what it has. */
class CdrArchiveTest {

    private static List<CdrArchive.StoredCdr> seqs(long from, long to) {
        List<CdrArchive.StoredCdr> out = new ArrayList<>();
        for (long s = from; s <= to; s++) out.add(new CdrArchive.StoredCdr("gw-1", s, "{\"seq\":" + s + "}"));
        return out;
    }

    @Test
    void aControllerJoiningMidWindowAcksNothingItHasNotStored(@TempDir Path tmp) {
        try (CdrArchive a = CdrArchive.open(tmp.resolve("ctl.db"))) {
            // the gateway's journal starts at 101 (1..100 acknowledged earlier); the second batch of
            // its window arrives first
            assertEquals(100, a.store("site", "gw-1", 100L, seqs(601, 1100)).ackedUpTo(),
                    "101..600 not here yet: nothing new to acknowledge");
            assertEquals(1100, a.store("site", "gw-1", 100L, seqs(101, 600)).ackedUpTo());
        }
    }

    @Test
    void withoutTheGatewaysFloorCountingStartsAtTheFirstSeqSeen(@TempDir Path tmp) {
        try (CdrArchive a = CdrArchive.open(tmp.resolve("ctl.db"))) {
            assertEquals(50, a.store("site", "gw-1", seqs(11, 50)).ackedUpTo());
        }
    }

    @Test
    void aHigherFloorFromTheGatewayMovesTheMarkSoTheJournalNeverStalls(@TempDir Path tmp) {
        try (CdrArchive a = CdrArchive.open(tmp.resolve("ctl.db"))) {
            assertEquals(10, a.store("site", "gw-1", 0L, seqs(1, 10)).ackedUpTo());
            // 11..20 were acknowledged by another controller meanwhile and are gone from the gateway
            assertEquals(30, a.store("site", "gw-1", 20L, seqs(21, 30)).ackedUpTo());
        }
    }
}
