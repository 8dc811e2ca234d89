package dev.lifeline.media.udptl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.T38Options;
import dev.lifeline.rig.fax.TestPages;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The T.38 media path without SIP ({@link T38Path}): an audio fax machine on the line, the
 * gateway's T38Gateway, UDPTL over real loopback UDP, a T38Terminal at the far end. Three pages
 * each way, compared as images with the pages sent; and with 2 % of UDPTL datagrams dropped in both
 * sending paths, which the redundancy (depth 3) must hide completely.
 */
class T38UdptlPathTest {
    @TempDir Path dir;

    private T38Path.Result fax(T38Path.Direction d, int rate, boolean ecm, double loss) throws Exception {
        Path sent = TestPages.write(dir.resolve("sent.tif"), 3, 300);
        T38Path.Result r = T38Path.run(sent, dir.resolve("got.tif"), d, T38Options.of(rate, ecm), 3, loss, 14);
        assertTrue(r.sender().ok(), "sender ended with T.30 code " + r.sender().completionCode());
        assertTrue(r.receiver().ok(), "receiver ended with T.30 code " + r.receiver().completionCode());
        assertEquals(3, r.sender().pagesSent());
        assertEquals(3, r.receiver().pagesReceived());
        assertEquals(rate, r.receiver().bitRate());
        assertEquals(ecm, r.receiver().ecm());
        assertEquals(3, r.pagesEqual(), "pages received equal to the pages sent, as images");
        assertEquals(0, r.refused(), "IFPs refused");
        assertEquals(0, r.oversize(), "IFPs too large for 400-byte datagrams");
        return r;
    }

    @ParameterizedTest(name = "{0} bit/s, ECM {1}, loss {2}")
    @CsvSource({"9600, false, 0", "9600, true, 0", "14400, false, 0", "14400, true, 0", "14400, false, 0.02", "9600, true, 0.02"})
    void audioFaxToT38Terminal(int rate, boolean ecm, double loss) throws Exception {
        T38Path.Result r = fax(T38Path.Direction.LINE_TO_T38, rate, ecm, loss);
        if (loss > 0) {
            assertTrue(r.datagramsDropped() > 5, "datagrams dropped: " + r.datagramsDropped());
            assertTrue(r.recovered() > 0, "IFPs recovered from redundancy: " + r.recovered());
            assertEquals(0, r.lost(), "IFPs lost for good");
        }
    }

    @Test
    void t38TerminalToAudioFax() throws Exception {
        fax(T38Path.Direction.T38_TO_LINE, 14400, true, 0);
    }
}
