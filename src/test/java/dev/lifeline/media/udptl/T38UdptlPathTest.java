package dev.lifeline.media.udptl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.FaxTerminal;
import dev.lifeline.dsp.T38Gateway;
import dev.lifeline.dsp.T38Options;
import dev.lifeline.dsp.T38Terminal;
import dev.lifeline.rig.fax.TestPages;
import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The T.38 media path without SIP: an audio fax machine on a "line" ({@link FaxTerminal}), the
 * gateway's {@link T38Gateway}, a {@link UdptlSession} over real loopback UDP to another session
 * and a {@link T38Terminal} at the far end, clocked in 20 ms steps as fast as the machine runs (T.30
 * timers count samples, not wall time, as in FaxTerminalTest). Three pages each way, compared as
 * images with the pages sent; and with 2 % of UDPTL datagrams dropped in both sending paths.
 */
class T38UdptlPathTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private static final int MAX_FRAMES = 50 * 600; // ten minutes of fax time

    @TempDir Path dir;

    private static int modems(int rate) {
        return rate == 14400 ? FaxTerminal.V17 | FaxTerminal.V29 | FaxTerminal.V27TER : FaxTerminal.V29 | FaxTerminal.V27TER;
    }

    /** Two sessions on loopback, each the other's peer; {@code loss} on both sending paths. */
    private record Link(UdptlSession line, UdptlSession far) implements AutoCloseable {
        static Link open(int depth, double loss) throws Exception {
            UdptlSession a = new UdptlSession("gw", new InetSocketAddress(LO, 0), depth, 400);
            UdptlSession b = new UdptlSession("far", new InetSocketAddress(LO, 0), a.localAddress(), depth, 400);
            a.peer(b.localAddress());
            if (loss > 0) {
                a.simulateLoss(loss, 14);
                b.simulateLoss(loss, 38);
            }
            return new Link(a, b);
        }

        @Override public void close() throws Exception {
            line.close();
            far.close();
        }
    }

    /** Runs the call frame by frame; the audio machine faces the gateway, the terminal faces the far session. */
    private static void run(FaxTerminal fax, T38Gateway gw, T38Terminal term, Link link) throws Exception {
        IfpPump gwPump = new IfpPump(gw, link.line()), farPump = new IfpPump(term, link.far());
        short[] line = new short[160], back = new short[160];
        for (int f = 0; f < MAX_FRAMES && !(fax.status().finished() && term.status().finished()); f++) {
            fax.transmit(line, 0, 160);
            gw.received(line, 0, 160);
            gw.transmit(back, 0, 160);
            fax.received(back, 0, 160);
            term.tick(160);
            gwPump.exchange();
            farPump.exchange();
        }
        assertEquals(0, gwPump.refused() + farPump.refused(), "IFPs refused");
        assertEquals(0, gwPump.oversize() + farPump.oversize(), "IFPs too large for 400-byte datagrams");
    }

    private void assertPagesEqual(Path sent, Path got) throws Exception {
        List<BufferedImage> in = TestPages.pages(sent), out = TestPages.pages(got);
        assertEquals(3, out.size(), "pages in the received file");
        for (int i = 0; i < 3; i++) assertEquals(0, TestPages.differentPixels(in.get(i), out.get(i)), "page " + (i + 1) + " differs");
    }

    private static void assertOk(FaxTerminal.Status s, FaxTerminal.Status r, int rate, boolean ecm) {
        assertTrue(s.ok(), "sender ended with T.30 code " + s.completionCode());
        assertTrue(r.ok(), "receiver ended with T.30 code " + r.completionCode());
        assertEquals(3, s.pagesSent());
        assertEquals(3, r.pagesReceived());
        assertEquals(rate, r.bitRate());
        assertEquals(ecm, r.ecm());
    }

    @ParameterizedTest(name = "{0} bit/s, ECM {1}, loss {2}")
    @CsvSource({"9600, false, 0", "9600, true, 0", "14400, false, 0", "14400, true, 0", "14400, false, 0.02", "9600, true, 0.02"})
    void audioFaxToT38Terminal(int rate, boolean ecm, double loss) throws Exception {
        Path sent = TestPages.write(dir.resolve("sent.tif"), 3, 300), got = dir.resolve("got.tif");
        T38Options o = T38Options.of(rate, ecm);
        try (FaxTerminal fax = FaxTerminal.sender(sent, true, ecm, modems(rate));
             T38Gateway gw = new T38Gateway(o);
             T38Terminal term = T38Terminal.receiver(got, false, o);
             Link link = Link.open(3, loss)) {
            run(fax, gw, term, link);
            assertOk(fax.status(), term.status(), rate, ecm);
            if (loss > 0) {
                long dropped = link.line().stats().simulatedDrops() + link.far().stats().simulatedDrops();
                long recovered = link.line().stats().recovered() + link.far().stats().recovered();
                assertTrue(dropped > 5, "datagrams dropped: " + dropped);
                assertEquals(dropped, recovered, "every dropped datagram's IFP recovered from redundancy");
            }
        }
        assertPagesEqual(sent, got);
    }

    @Test
    void t38TerminalToAudioFax() throws Exception {
        Path sent = TestPages.write(dir.resolve("sent.tif"), 3, 300), got = dir.resolve("got.tif");
        T38Options o = T38Options.of(14400, true);
        try (T38Terminal term = T38Terminal.sender(sent, true, o);
             T38Gateway gw = new T38Gateway(o);
             FaxTerminal fax = FaxTerminal.receiver(got, false, true, modems(14400));
             Link link = Link.open(3, 0)) {
            run(fax, gw, term, link);
            assertOk(term.status(), fax.status(), 14400, true);
        }
        assertPagesEqual(sent, got);
    }
}
