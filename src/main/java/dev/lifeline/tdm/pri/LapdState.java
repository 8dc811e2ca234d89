package dev.lifeline.tdm.pri;

/**
 * Q.921 annex B states for a fixed TEI (a PRI never runs TEI assignment, so states 1 to 3 do not
 * exist here). The number is the one the SDL and other stacks' logs use, so a trace can be read
 * side by side with libpri's.
 */
public enum LapdState {
    TEI_ASSIGNED(4),
    AWAITING_ESTABLISHMENT(5),
    AWAITING_RELEASE(6),
    MULTIPLE_FRAME_ESTABLISHED(7),
    TIMER_RECOVERY(8);

    private final int q921;

    LapdState(int q921) { this.q921 = q921; }

    /** The state number of Q.921 annex B. */
    public int q921() { return q921; }
}
