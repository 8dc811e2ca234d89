package dev.lifeline.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.fax.TestPages;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two fax terminals wired back to back (each one's 20 ms frames are the other's input, no
 * clock): a 3-page TIFF-F goes through at 9,600 (V.29) and 14,400 bit/s (V.17), with and without
 * ECM, and the received pages equal the pages sent, image by image.
 */
class FaxTerminalTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0} bit/s, ECM {1}")
    @CsvSource({"9600, false", "9600, true", "14400, false", "14400, true"})
    void threePagesGoThroughBackToBackAndArriveEqual(int rate, boolean ecm) throws Exception {
        Path sent = TestPages.write(dir.resolve("sent.tif"), 3, 300);
        Path got = dir.resolve("got.tif");
        int modems = rate == 14400 ? FaxTerminal.V17 | FaxTerminal.V29 | FaxTerminal.V27TER : FaxTerminal.V29 | FaxTerminal.V27TER;
        try (FaxTerminal tx = FaxTerminal.sender(sent, true, ecm, modems);
             FaxTerminal rx = FaxTerminal.receiver(got, false, ecm, modems)) {
            short[] a = new short[160], b = new short[160];
            int frames = 0;
            while (!(tx.status().finished() && rx.status().finished()) && frames < 50 * 600) {
                tx.transmit(a, 0, 160);
                rx.transmit(b, 0, 160);
                rx.received(a, 0, 160);
                tx.received(b, 0, 160);
                frames++;
            }
            FaxTerminal.Status s = tx.status(), r = rx.status();
            assertTrue(s.ok(), "sender ended with T.30 code " + s.completionCode());
            assertTrue(r.ok(), "receiver ended with T.30 code " + r.completionCode());
            assertEquals(3, s.pagesSent());
            assertEquals(3, r.pagesReceived());
            assertEquals(rate, r.bitRate());
            assertEquals(ecm, r.ecm());
        }
        List<BufferedImage> in = TestPages.pages(sent), out = TestPages.pages(got);
        assertEquals(3, out.size());
        for (int i = 0; i < 3; i++) assertEquals(0, TestPages.differentPixels(in.get(i), out.get(i)), "page " + (i + 1));
    }
}
