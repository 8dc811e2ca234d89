package dev.lifeline.media.udptl;

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

/**
 * One fax over the T.38 media path, for T38UdptlPathTest and T38Bench: an audio fax machine
 * ({@link FaxTerminal}) on the "line", the gateway's {@link T38Gateway}, a {@link UdptlSession} over
 * loopback UDP to a second session, and a {@link T38Terminal} at the far end; clocked in 20 ms steps
 * as fast as the machine runs (T.30's timers count samples, not wall time).
 */
final class T38Path {
    static final int MAX_FRAMES = 50 * 600; // ten minutes of fax time
    private static final InetAddress LO = InetAddress.getLoopbackAddress();

    private T38Path() {}

    /** Which machine sends: the audio fax on the line (to the T.38 terminal) or the T.38 terminal. */
    enum Direction { LINE_TO_T38, T38_TO_LINE }

    record Result(FaxTerminal.Status sender, FaxTerminal.Status receiver, int pagesEqual, long datagramsDropped, long recovered,
                  long lost, long refused, long oversize, int frames, double gatewayMicrosPerFrame) {
        boolean ok(int pages) { return sender.ok() && receiver.ok() && pagesEqual == pages; }
    }

    static int modems(int rate) {
        return rate == 14400 ? FaxTerminal.V17 | FaxTerminal.V29 | FaxTerminal.V27TER : FaxTerminal.V29 | FaxTerminal.V27TER;
    }

    /** Sends the pages of {@code sent}; what arrives is written to {@code got} and compared page by page. */
    static Result run(Path sent, Path got, Direction dir, T38Options o, int depth, double loss, long seed) throws Exception {
        boolean lineSends = dir == Direction.LINE_TO_T38;
        try (FaxTerminal fax = lineSends ? FaxTerminal.sender(sent, true, o.ecm(), modems(o.maxBitRate()))
                                         : FaxTerminal.receiver(got, false, o.ecm(), modems(o.maxBitRate()));
             T38Gateway gw = new T38Gateway(o);
             T38Terminal term = lineSends ? T38Terminal.receiver(got, false, o) : T38Terminal.sender(sent, true, o);
             UdptlSession line = new UdptlSession("gw", new InetSocketAddress(LO, 0), depth, 400);
             UdptlSession far = new UdptlSession("far", new InetSocketAddress(LO, 0), line.localAddress(), depth, 400)) {
            line.peer(far.localAddress());
            if (loss > 0) {
                line.simulateLoss(loss, seed);
                far.simulateLoss(loss, seed * 31 + 7);
            }
            IfpPump gwPump = new IfpPump(gw, line), farPump = new IfpPump(term, far);
            short[] toGw = new short[160], toFax = new short[160];
            long gwNanos = 0;
            int f = 0;
            for (; f < MAX_FRAMES && !(fax.status().finished() && term.status().finished()); f++) {
                fax.transmit(toGw, 0, 160);
                long t0 = System.nanoTime();
                gw.received(toGw, 0, 160);
                gw.transmit(toFax, 0, 160);
                gwPump.exchange();
                gwNanos += System.nanoTime() - t0;
                fax.received(toFax, 0, 160);
                term.tick(160);
                farPump.exchange();
            }
            FaxTerminal.Status tx = lineSends ? fax.status() : term.status(), rx = lineSends ? term.status() : fax.status();
            UdptlSession.Stats a = line.stats(), b = far.stats();
            return new Result(tx, rx, equalPages(sent, got), a.simulatedDrops() + b.simulatedDrops(), a.recovered() + b.recovered(),
                    a.lost() + b.lost(), gwPump.refused() + farPump.refused(), gwPump.oversize() + farPump.oversize(), f,
                    gwNanos / 1000.0 / Math.max(1, f));
        }
    }

    /** How many pages were received identical to the page sent, from the first; 0 if the file is missing or unreadable. */
    private static int equalPages(Path sent, Path got) {
        try {
            List<BufferedImage> in = TestPages.pages(sent), out = TestPages.pages(got);
            int n = 0;
            while (n < Math.min(in.size(), out.size()) && TestPages.differentPixels(in.get(n), out.get(n)) == 0) n++;
            return out.size() == in.size() ? n : Math.min(n, out.size());
        } catch (Exception e) {
            return 0;
        }
    }
}
