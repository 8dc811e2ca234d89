package dev.lifeline.tdm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.FaxTerminal;
import dev.lifeline.dsp.ModemTone;
import dev.lifeline.dsp.ModemToneDetector;
import dev.lifeline.rig.fax.TestPages;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fax detection on a channel, with real fax audio from spandsp's T.30 terminals: a calling fax's
 * CNG, an answering fax's CED and its V.21 preamble are recognised, and the channel's echo
 * canceller steps aside for the fax and comes back 10 s after the line went quiet.
 */
class FaxDetectionTest {
    @TempDir Path dir;

    @Test
    void cngCedAndTheV21PreambleOfRealFaxMachinesAreRecognised() throws Exception {
        Path page = TestPages.write(dir.resolve("p.tif"), 1, 200);
        Set<ModemTone> fromCaller = EnumSet.noneOf(ModemTone.class), fromAnswerer = EnumSet.noneOf(ModemTone.class);
        try (FaxTerminal caller = FaxTerminal.sender(page, true, false, FaxTerminal.V29 | FaxTerminal.V27TER);
             FaxTerminal answerer = FaxTerminal.receiver(dir.resolve("rx.tif"), false, false, FaxTerminal.V29 | FaxTerminal.V27TER);
             ModemToneDetector d1 = new ModemToneDetector(); ModemToneDetector d2 = new ModemToneDetector()) {
            short[] a = new short[160], b = new short[160];
            for (int i = 0; i < 50 * 20; i++) { // 20 s
                caller.transmit(a, 0, 160);
                answerer.transmit(b, 0, 160);
                fromCaller.addAll(d1.process(a, 0, 160));
                fromAnswerer.addAll(d2.process(b, 0, 160));
                answerer.received(a, 0, 160);
                caller.received(b, 0, 160);
            }
        }
        assertTrue(fromCaller.contains(ModemTone.CNG), "the calling fax's CNG: " + fromCaller);
        assertTrue(fromAnswerer.contains(ModemTone.CED), "the answering fax's CED: " + fromAnswerer);
        assertTrue(fromAnswerer.contains(ModemTone.V21_PREAMBLE), "the V.21 preamble of its DIS: " + fromAnswerer);
    }

    @Test
    void theCancellerStandsAsideForAFaxAndReturnsAfterTenQuietSeconds() throws Exception {
        Path page = TestPages.write(dir.resolve("p.tif"), 1, 200);
        try (LineEcho echo = new LineEcho("fxs1", 16);
             FaxTerminal caller = FaxTerminal.sender(page, true, false, FaxTerminal.V29)) {
            assertTrue(echo.active());
            assertEquals(0, echo.faxEpisodes());
            short[] out = new short[160], in = new short[160];
            for (int i = 0; i < 50 * 4 && !echo.faxDetected(); i++) { // the CNG goes to the line, as to a fax on fxs1
                caller.transmit(out, 0, 160);
                echo.sent(out);
                echo.received(in);
            }
            assertTrue(echo.faxDetected(), "CNG recognised within 4 s");
            assertFalse(echo.active(), "the canceller stands aside for the fax");
            assertEquals(1, echo.faxEpisodes(), "one fax counted (the call layer reads it for the CDR)");
            short[] silence = new short[160];
            for (int i = 0; i < LineEcho.FAX_RELEASE_FRAMES - 5; i++) {
                echo.sent(silence);
                echo.received(new short[160]);
            }
            assertFalse(echo.active(), "still aside before 10 s of quiet");
            for (int i = 0; i < 10; i++) {
                echo.sent(silence);
                echo.received(new short[160]);
            }
            assertTrue(echo.active(), "back after 10 s of quiet both ways");
            assertEquals(false, echo.faxDetected());
            assertEquals(1, echo.faxEpisodes(), "the count stays when the canceller returns");
        }
    }
}
