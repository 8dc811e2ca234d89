package dev.lifeline.tdm.pri;

import dev.lifeline.tdm.pri.LapdFrame.Kind;
import java.util.function.Consumer;

/**
 * Our end of the data link as the address field shows it: the one SAPI/TEI pair a PRI uses, and
 * the C/R bit, whose meaning flips with the side we play. Keeping both directions here means the
 * side rule of §3.3.2 is written once, not at every frame we send or read.
 */
final class LapdWire {
    private static final int SAPI = 0;
    private static final int TEI = 0;

    private final boolean networkSide;
    private final Consumer<byte[]> frameOut;
    private final LapdTally tally;

    LapdWire(boolean networkSide, Consumer<byte[]> frameOut, LapdTally tally) {
        this.networkSide = networkSide;
        this.frameOut = frameOut;
        this.tally = tally;
    }

    boolean networkSide() { return networkSide; }

    /** Whether a frame is addressed to our data link (SAPI 0, TEI 0). */
    boolean ours(LapdFrame f) { return f.sapi() == SAPI && f.tei() == TEI; }

    /** A received frame is a command when its C/R bit is the one the other side uses for commands. */
    boolean isCommand(LapdFrame f) { return f.cr() != networkSide; }

    /** Commands carry C/R=1 from the network side and 0 from the user side; responses the opposite (§3.3.2). */
    void sendU(Kind kind, boolean command, boolean pf) {
        out(LapdFrame.unnumbered(SAPI, command == networkSide, TEI, kind, pf));
    }

    void sendS(Kind kind, boolean command, int nr, boolean pf) {
        out(LapdFrame.supervisory(SAPI, command == networkSide, TEI, kind, nr, pf));
    }

    /** I frames are always commands. */
    void sendI(int ns, int nr, boolean poll, byte[] info) {
        out(LapdFrame.information(SAPI, networkSide, TEI, ns, nr, poll, info));
    }

    private void out(byte[] frame) {
        tally.framesOut++;
        frameOut.accept(frame);
    }
}
