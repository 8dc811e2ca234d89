package dev.lifeline.mgmt.controller;

import dev.lifeline.mgmt.controller.Alarms.Severity;
import org.tinylog.Logger;

/**
 * Watches how full the CDR journal is against {@code storage.cdr-journal-limit}: the
 * {@code journal-filling} alarm is major from 80 %, critical from 95 %, and cleared only below
 * 70 % (so a journal hovering at a threshold does not flap). Nothing is ever dropped to stay
 * under the limit: CDRs are money, and the disk is the real limit.
 */
final class JournalWatch {
    static final double MAJOR_AT = 0.80;
    static final double CRITICAL_AT = 0.95;
    static final double CLEAR_BELOW = 0.70;

    private final Alarms alarms;
    private final long limit;
    private boolean full;

    JournalWatch(Alarms alarms, long limit) {
        this.alarms = alarms;
        this.limit = limit;
    }

    long limit() { return limit; }

    /** Looks at the current number of CDRs kept (not yet acknowledged by the controller). */
    void update(long count) {
        double fill = (double) count / limit;
        String text = "CDR journal holds " + count + " unsent CDRs, " + Math.round(fill * 100) + " % of the limit " + limit;
        Severity want = fill >= CRITICAL_AT ? Severity.CRITICAL : fill >= MAJOR_AT ? Severity.MAJOR : null;
        if (want != null) {
            Alarms.Alarm a = alarms.get(Alarms.JOURNAL_FILLING);
            // raised again only when the severity changes, not on every count
            if (a == null || a.severity() != want) alarms.raise(Alarms.JOURNAL_FILLING, want, text + "; no CDR is dropped");
        } else if (fill < CLEAR_BELOW) {
            alarms.clear(Alarms.JOURNAL_FILLING, text);
        }
        boolean nowFull = count >= limit;
        if (nowFull && !full) {
            Logger.error("CDR journal is at its limit ({} unsent CDRs, limit {}): every CDR is kept and new ones are still "
                    + "written; only disk space bounds it now", count, limit);
        } else if (!nowFull && full) {
            Logger.info("CDR journal below its limit again ({} unsent CDRs, limit {})", count, limit);
        }
        full = nowFull;
    }
}
