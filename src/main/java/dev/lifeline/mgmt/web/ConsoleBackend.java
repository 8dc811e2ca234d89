package dev.lifeline.mgmt.web;

import dev.lifeline.mgmt.OperatorActions;
import dev.lifeline.mgmt.StatusSource;
import dev.lifeline.store.Cdr;
import dev.lifeline.survival.Mode;
import dev.lifeline.survival.ModeTimeline;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the web console needs from the gateway beyond the CoAP API's views and actions: CDR
 * search, the mode's 24-hour timeline, forcing the mode, returning a port to service, the
 * alarms. The application implements it; the console never touches the engine itself.
 */
public interface ConsoleBackend extends StatusSource, OperatorActions {
    /** CDRs, newest first: see {@code CdrStore.search}. */
    List<Cdr> searchCdrs(String number, Instant from, Instant to, int limit) throws Exception;

    /** The mode changes of the last 24 hours. */
    ModeTimeline modeTimeline();

    /** The mode an operator holds, if any. */
    Optional<Mode> forcedMode();

    /** Holds {@code mode} (NORMAL or SURVIVAL), or hands the mode back to the probes when null. */
    void forceMode(Mode mode, String why) throws Exception;

    /** The board's port ids, in board order. */
    List<String> portIds();

    /**
     * Puts a faulted or out-of-service port back in service now (reset to its safe state first);
     * returns what happened, for the operator.
     */
    String returnToService(String portId) throws Exception;

    /** Active alarms: {@code {id, severity, text, since?}}. */
    List<Map<String, Object>> alarms() throws Exception;

    /** Runs {@code r} after every mode change (it must not block: it runs on the engine thread). */
    void onModeChange(Runnable r);
}
