package dev.lifeline.tdm;

/**
 * The message-waiting state of one FXS line and the on-hook spill that shows it on the phone's
 * lamp. The spill is owed when the state changes and again after every call while messages
 * wait (a phone may have missed or cleared it while off hook); it is sent only while the line
 * is idle on hook, never during ringing or a call, and an interrupted spill stays owed.
 *
 * <p>Zones that send caller ID before the first ring (BT SIN 227) expect on-hook data after a
 * polarity reversal and the dual-tone alert, as for caller ID; the others get the FSK alone
 * (GR-30 on-hook data transmission without ringing).
 */
final class MessageWaitingLamp {
    /** Where the spill stands. */
    enum Phase {
        /** Nothing owed: the phone shows what we last sent. */
        QUIET,
        /** A spill is owed, sent once {@link #dueAt} has passed and the line is idle. */
        OWED,
        /** Polarity reversed, alert tone next (before-first-ring zones). */
        REVERSED,
        /** The alert tone sounds; the FSK next. */
        ALERTING,
        /** The FSK is playing. */
        SENDING
    }

    /** How long after on-hook the spill waits: the phone's hook switch and CID unit settle first. */
    static final long AFTER_CALL_MS = 1000;
    static final long ALERT_AT_MS = 100, SPILL_AT_MS = 100 + CallerIdPlan.ALERT_MS + 60;

    private boolean on;
    private int newMessages;
    private Phase phase = Phase.QUIET;
    private long dueAt;
    private long startedAt;

    boolean on() { return on; }
    int newMessages() { return newMessages; }
    Phase phase() { return phase; }
    long startedAt() { return startedAt; }

    /** New state; true when the lamp changes (a spill is then owed at once). */
    boolean set(boolean waiting, int count, long now) {
        newMessages = Math.max(0, count);
        if (waiting == on) return false;
        on = waiting;
        owe(now);
        return true;
    }

    /** The line went back on hook after a call: with messages waiting the lamp is shown again. */
    void afterCall(long now) {
        if (on || phase != Phase.QUIET) owe(now + AFTER_CALL_MS);
    }

    /** A spill in progress was cut short (off hook, ringing, a fault): it stays owed. */
    boolean interrupt(long now) {
        if (phase == Phase.QUIET || phase == Phase.OWED) return false;
        owe(now + AFTER_CALL_MS);
        return true;
    }

    boolean due(long now) { return phase == Phase.OWED && now >= dueAt; }

    void go(Phase next, long now) {
        if (next == Phase.REVERSED || (next == Phase.SENDING && phase == Phase.OWED)) startedAt = now;
        phase = next;
    }

    private void owe(long at) {
        phase = Phase.OWED;
        dueAt = at;
    }
}
