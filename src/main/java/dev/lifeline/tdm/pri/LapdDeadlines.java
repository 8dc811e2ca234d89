package dev.lifeline.tdm.pri;

/**
 * The three clocks of one link and the retry count that goes with T200. They are deadlines in
 * engine time, not scheduled tasks, so a test moves time by calling {@code tick} and a stopped
 * timer cannot fire late from another thread.
 *
 * <p>T200 waits for an acknowledgement, T203 notices an idle link, and the re-establishment
 * retry is ours: a PRI has nobody to bring a failed link back. RC counts T200 expiries against
 * N200 for whichever procedure is running (SABME, DISC or polling), as in the SDL.
 */
final class LapdDeadlines {
    private final LapdTimers timers;
    private long t200At = -1;
    private long t203At = -1;
    private long retryAt = -1;
    private int rc;

    LapdDeadlines(LapdTimers timers) { this.timers = timers; }

    void startT200(long now) { t200At = now + timers.t200Ms(); }

    void stopT200() { t200At = -1; }

    boolean t200Running() { return t200At >= 0; }

    void startT203(long now) { t203At = now + timers.t203Ms(); }

    void stopT203() { t203At = -1; }

    /** Waiting for an answer: T200 on, T203 off. */
    void awaitAnswer(long now) {
        stopT203();
        startT200(now);
    }

    /** Nothing outstanding: T200 off, T203 on. */
    void idle(long now) {
        stopT200();
        startT203(now);
    }

    void startRetry(long now) { retryAt = now + timers.reestablishMs(); }

    void stopRetry() { retryAt = -1; }

    /** True once when T200 has run out; it is stopped by saying so. */
    boolean t200Expired(long now) {
        if (t200At < 0 || now < t200At) return false;
        t200At = -1;
        return true;
    }

    boolean t203Expired(long now) {
        if (t203At < 0 || now < t203At) return false;
        t203At = -1;
        return true;
    }

    boolean retryDue(long now) {
        if (retryAt < 0 || now < retryAt) return false;
        retryAt = -1;
        return true;
    }

    void resetRc() { rc = 0; }

    void countRc() { rc++; }

    /** N200 tries are used up. */
    boolean rcExhausted() { return rc >= timers.n200(); }
}
