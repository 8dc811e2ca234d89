package dev.lifeline.tdm.pri;

import static dev.lifeline.tdm.pri.LapdState.MULTIPLE_FRAME_ESTABLISHED;
import static dev.lifeline.tdm.pri.LapdState.TIMER_RECOVERY;

import dev.lifeline.tdm.TransitionTable;
import java.util.List;
import org.tinylog.Logger;

/**
 * Where one link is in annex B, and what went wrong on the way. Every state change and every
 * MDL-ERROR goes through here, so each leaves exactly one log line and the history kept for the
 * status view matches the log, whichever part of the link caused it.
 */
final class LapdMachine {
    private final String spanId;
    private final TransitionTable.Machine<LapdState> machine;
    private final LapdTally tally;

    LapdMachine(String spanId, TransitionTable<LapdState> table, LapdState initial, LapdTally tally) {
        this.spanId = spanId;
        this.machine = new TransitionTable.Machine<>(table, initial);
        this.tally = tally;
    }

    LapdState state() { return machine.state(); }

    List<TransitionTable.Transition<LapdState>> history() { return machine.history(); }

    /** States 7 and 8: I frames may flow. */
    boolean established() { return state() == MULTIPLE_FRAME_ESTABLISHED || state() == TIMER_RECOVERY; }

    void go(LapdState to, String cause, long now) {
        var t = machine.go(to, cause, now);
        Logger.info("{} L2: {}", spanId, t);
    }

    /** MDL-ERROR-INDICATION with its annex II code letter, the one libpri and the SDL use. */
    void mdlError(char code, String what) {
        tally.errors++;
        Logger.warn("{} L2: MDL-ERROR {} ({}) in {}", spanId, code, what, state());
    }
}
