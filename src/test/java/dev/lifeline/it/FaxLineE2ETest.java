package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.FaxTerminal;
import dev.lifeline.rig.fax.FaxEnds;
import dev.lifeline.rig.fax.TestPages;
import dev.lifeline.rig.phone.VirtualPhone;
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
 * arrives equal to the page sent, image by image.
 */
@Tag("e2e")
class FaxLineE2ETest {
    @TempDir Path dir;

    /**
     * From the PSTN: a fax on a subscriber line of the virtual central office calls the branch's
     * number; the FXO line rings fxs2, whose fax machine answers; 3 pages at 9,600 bit/s (V.29)
     * with ECM go FXO → FXS.
     */
    @Test
    void threePagesFromTheCentralOfficeToFxs2ArriveEqual() throws Exception {
        Path sent = TestPages.write(dir.resolve("co.tif"), 3, 250);
        Path got = dir.resolve("co-got.tif");
        int modems = FaxTerminal.V29 | FaxTerminal.V27TER;
        java.util.function.UnaryOperator<String> ringFxs2 = s -> s.replace("number: \"+15555550100\" }",
                "number: \"+15555550100\", ring: [\"6001\"] }");
        try (TestGateway gw = TestGateway.start("demo.yaml", ringFxs2);
             dev.lifeline.rig.co.CentralOffice co = new dev.lifeline.rig.co.CentralOffice("us");
             FaxTerminal tx = FaxTerminal.sender(sent, true, true, modems);
             FaxTerminal rx = FaxTerminal.receiver(got, false, true, modems)) {
            co.plug("127.0.0.1", gw.gateway().simPort(), "fxo1", "5550100");
            dev.lifeline.rig.co.Subscriber alice = co.addSubscriber("5551234", "Alice");
            VirtualPhone b = gw.phone("fxs2");
            alice.call("5550100");
            assertTrue(b.awaitRinging(Duration.ofSeconds(10)), "fxs2 rings: " + co.events());
            alice.attachFax(tx);
            b.offHook();
            b.attachFax(rx);
            await(tx, rx, Duration.ofSeconds(180));
            FaxTerminal.Status r = rx.status();
            assertEquals(3, r.pagesReceived());
            assertEquals(9_600, r.bitRate());
            assertTrue(r.ecm(), "with ECM");
            b.stopPlaying();
            alice.silence();
            b.onHook();
            assertEquals("line", lastCdr(gw).fax(), "the CDR says a fax crossed between two lines");
        }
        assertPagesEqual(sent, got);
    }

    private static void await(FaxTerminal tx, FaxTerminal rx, Duration timeout) throws InterruptedException {
        FaxEnds.await(tx::status, rx::status, timeout, () -> "");
    }

    private static void assertPagesEqual(Path sent, Path got) throws Exception { FaxEnds.assertPagesEqual(sent, got); }

    private static dev.lifeline.store.Cdr lastCdr(TestGateway gw) throws Exception {
        List<dev.lifeline.store.Cdr> cdrs = gw.awaitCdrs(1, Duration.ofSeconds(10));
        assertEquals(1, cdrs.size(), "one CDR: " + cdrs);
        return cdrs.get(0);
    }

    @Test
    void threePagesFromFxs1ToFxs2ArriveEqual() throws Exception {
        Path sent = TestPages.write(dir.resolve("sent.tif"), 3, 250);
        Path got = dir.resolve("got.tif");
        int modems = FaxTerminal.V17 | FaxTerminal.V29 | FaxTerminal.V27TER;
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s);
             FaxTerminal tx = FaxTerminal.sender(sent, true, false, modems);
             FaxTerminal rx = FaxTerminal.receiver(got, false, false, modems)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2");
            TestGateway.liftAndDial(a, "6001");
            assertTrue(b.awaitRinging(Duration.ofSeconds(10)), "fxs2 rings");
            b.offHook();
            b.attachFax(rx);
            a.attachFax(tx);
            await(tx, rx, Duration.ofSeconds(150));
            FaxTerminal.Status r = rx.status();
            assertEquals(3, r.pagesReceived());
            assertEquals(14_400, r.bitRate(), "V.17 at its top rate over the gateway's line-to-line path");
            a.stopPlaying();
            b.stopPlaying();
            a.onHook();
            b.onHook();
            assertEquals("line", lastCdr(gw).fax(), "the CDR says a fax crossed between two lines");
        }
        assertPagesEqual(sent, got);
    }
}
