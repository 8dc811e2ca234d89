package dev.lifeline.tdm.pri;

import dev.lifeline.tdm.TransitionTable;
import java.util.List;

/**
 * One call's layer-3 record: its state machine, the one Q.931 timer that can run for it at a
 * time (the timers of §9.1 never overlap within a call), and what the call layer has been told,
 * so it hears {@code onCleared} and {@code onReleased} exactly once.
 */
final class Q931Call implements PriCall {
    /** The per-call timers; a call runs at most one. */
    enum Timer { NONE, T303, T305, T308, T309, T310, T313 }

    final int cr;
    final boolean outgoing;
    private final PriSetup setup;
    private final TransitionTable.Machine<CallState> machine;
    private final boolean network;
    int timeslot;
    private Object attachment;

    Timer timer = Timer.NONE;
    long deadline;
    /** Expiries of the running timer so far (T303 and T308 are retried once). */
    int expiries;
    /** The SETUP as sent, for the T303 retransmission. */
    byte[] setupBytes;
    /** The cause we cleared with, reused when T305 makes us send RELEASE. */
    int clearCause = Cause.NORMAL_CLEARING;
    /** The call layer has been told the call is clearing (or cleared it itself). */
    boolean clearingKnown;
    /** The call layer knows about the call at all (outgoing, or onIncoming was called). */
    boolean announced;

    Q931Call(int cr, boolean outgoing, PriSetup setup, boolean network, int timeslot) {
        this.cr = cr;
        this.outgoing = outgoing;
        this.setup = setup;
        this.network = network;
        this.timeslot = timeslot;
        this.machine = new TransitionTable.Machine<>(CallState.table(network), network ? CallState.N0 : CallState.U0);
    }

    /** Map key: the same value may be in use by both ends, told apart by who allocated it. */
    static int key(int cr, boolean ours) { return ours ? cr | 0x10000 : cr; }

    int key() { return key(cr, outgoing); }

    CallState state() { return machine.state(); }

    Phase phase() { return machine.state().phase; }

    /** Moves to the state of {@code phase} on this side; returns the recorded transition for the log line. */
    TransitionTable.Transition<CallState> go(Phase phase, String why, long now) {
        return machine.go(CallState.of(network, phase), why, now);
    }

    List<TransitionTable.Transition<CallState>> history() { return machine.history(); }

    void start(Timer t, long now, int ms) {
        timer = t;
        deadline = now + ms;
        expiries = 0;
    }

    void stopTimer() { timer = Timer.NONE; }

    boolean clearing() {
        Phase p = phase();
        return p == Phase.DISCONNECT_SENT || p == Phase.DISCONNECT_RECEIVED || p == Phase.RELEASE_SENT || p == Phase.NULL;
    }

    @Override public int callReference() { return cr; }
    @Override public int timeslot() { return timeslot; }
    @Override public boolean outgoing() { return outgoing; }
    @Override public PriSetup setup() { return setup; }
    @Override public String stateName() { return state().toString(); }
    @Override public Object attachment() { return attachment; }
    @Override public void attach(Object attachment) { this.attachment = attachment; }

    @Override public String toString() { return "cr=" + cr + (outgoing ? " out" : " in") + " ts=" + timeslot + " " + state(); }
}
