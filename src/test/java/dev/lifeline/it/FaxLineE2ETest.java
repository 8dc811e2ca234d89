package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.fax.FaxEnds;
import dev.lifeline.rig.fax.FaxPaths;
import dev.lifeline.rig.fax.FaxPaths.Case;
import dev.lifeline.rig.fax.FaxPaths.Route;
import dev.lifeline.rig.fax.FaxRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faxes between analog lines of the gateway, in real time on the sim, with spandsp's T.30
 * machines on the virtual phone and the virtual CO: the gateway's line-to-line path passes the
 * audio untouched (the echo cancellers stand aside once they hear the fax), and every page
 * arrives equal to the page sent, image by image. The paths are {@link FaxPaths}', which the
 * bench series ({@code scripts/bench --fax-only}) runs many times.
 */
@Tag("e2e")
@Tag("serial")
class FaxLineE2ETest {
    @TempDir Path dir;

    /**
     * From the PSTN: a fax on a subscriber line of the virtual central office calls the branch's
     * number; the FXO line rings fxs2, whose fax machine answers; 3 pages at 9,600 bit/s (V.29)
     * with ECM go FXO → FXS.
     */
    @Test
    void threePagesFromTheCentralOfficeToFxs2ArriveEqual() throws Exception {
        FaxRun run;
        try (TestGateway gw = TestGateway.start("demo.yaml", Route.CO_TO_FXS2.siteEdit())) {
            run = FaxPaths.send(gw.faxView(), Route.CO_TO_FXS2, new Case(9600, true), dir);
            FaxEnds.assertEnded(run);
            assertEquals(3, run.receiver().pagesReceived());
            assertEquals(9_600, run.bitRate());
            assertTrue(run.ecm(), "with ECM");
            assertEquals("line", lastCdr(gw).fax(), "the CDR says a fax crossed between two lines");
        }
        assertTrue(run.pages().equal(), run.pages().toString());
    }

    @Test
    void threePagesFromFxs1ToFxs2ArriveEqual() throws Exception {
        FaxRun run;
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s)) {
            run = FaxPaths.send(gw.faxView(), Route.FXS1_TO_FXS2, new Case(14400, false), dir);
            FaxEnds.assertEnded(run);
            assertEquals(3, run.receiver().pagesReceived());
            assertEquals(14_400, run.bitRate(), "V.17 at its top rate over the gateway's line-to-line path");
            assertEquals("line", lastCdr(gw).fax(), "the CDR says a fax crossed between two lines");
        }
        assertTrue(run.pages().equal(), run.pages().toString());
    }

    private static dev.lifeline.store.Cdr lastCdr(TestGateway gw) throws Exception {
        List<dev.lifeline.store.Cdr> cdrs = gw.awaitCdrs(1, Duration.ofSeconds(10));
        assertEquals(1, cdrs.size(), "one CDR: " + cdrs);
        return cdrs.get(0);
    }
}
