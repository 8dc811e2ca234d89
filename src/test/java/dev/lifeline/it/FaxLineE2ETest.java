package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.FaxTerminal;
import dev.lifeline.rig.fax.TestPages;
import dev.lifeline.rig.phone.VirtualPhone;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fax between two analog lines of the gateway, in real time on the sim: the fax machine on
 * fxs1 dials 6001, the one on fxs2 answers, and 3 pages at 14,400 bit/s (V.17) go through the
 * gateway's line-to-line path (which passes the audio untouched, the echo cancellers standing
 * aside once they hear the fax); every page arrives equal to the page sent, image by image.
 */
@Tag("e2e")
class FaxLineE2ETest {
    @TempDir Path dir;

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
            long end = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (!(tx.status().finished() && rx.status().finished()) && System.nanoTime() < end) Thread.sleep(200);
            FaxTerminal.Status s = tx.status(), r = rx.status();
            assertTrue(s.ok(), "sender ended with T.30 code " + s.completionCode() + ": " + s);
            assertTrue(r.ok(), "receiver ended with T.30 code " + r.completionCode() + ": " + r);
            assertEquals(3, r.pagesReceived());
            assertEquals(14_400, r.bitRate(), "V.17 at its top rate over the gateway's line-to-line path");
            a.stopPlaying();
            b.stopPlaying();
            a.onHook();
            b.onHook();
        }
        assertTrue(Files.size(got) > 0);
        List<BufferedImage> in = TestPages.pages(sent), out = TestPages.pages(got);
        assertEquals(3, out.size());
        for (int i = 0; i < 3; i++) assertEquals(0, TestPages.differentPixels(in.get(i), out.get(i)), "page " + (i + 1));
    }
}
