package dev.lifeline.app;

import dev.lifeline.call.CdrBacklog;
import dev.lifeline.mgmt.controller.Alarms;

/**
 * Turns the CDR backlog's health into the {@code cdr-store-failing} alarm. The call layer cannot
 * see alarms (layers import downward), so it reports through {@link CdrBacklog.Health} and this
 * bridge, in the app layer, raises and clears. The store can fail before the controller link is
 * up (the spool of an earlier run is imported at start), so the current state is remembered and
 * replayed when {@link #attach} is called.
 */
final class CdrStoreAlarm implements CdrBacklog.Health {
    private String failingText;
    private Alarms alarms;

    @Override
    public synchronized void failing(String text) {
        failingText = text;
        if (alarms != null) alarms.raise(Alarms.CDR_STORE_FAILING, Alarms.Severity.MAJOR, text);
    }

    @Override
    public synchronized void recovered(String text) {
        failingText = null;
        if (alarms != null) alarms.clear(Alarms.CDR_STORE_FAILING, text);
    }

    /** Sends alarms to the controller link's set from now on (and the current one, if failing). */
    synchronized void attach(Alarms target) {
        alarms = target;
        if (failingText != null) target.raise(Alarms.CDR_STORE_FAILING, Alarms.Severity.MAJOR, failingText);
    }

    /** The alarm text while failing, else null (for status without a controller). */
    synchronized String text() { return failingText; }
}
