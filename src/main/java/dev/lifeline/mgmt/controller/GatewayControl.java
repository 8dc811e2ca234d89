package dev.lifeline.mgmt.controller;

import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.ConfigError;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.survival.Mode;
import dev.lifeline.survival.ModeListener;
import java.util.List;

/**
 * What the controller link needs from the running gateway. The gateway (app layer) implements
 * it; the link sits below the app layer and sees nothing else of it, so it can be tested with a
 * real gateway or a stand-in.
 */
public interface GatewayControl {
    /** The site config the gateway runs with now. */
    SiteConfig running();

    BoardProfile board();

    /** Software version for the status message. */
    String software();

    long uptimeSeconds();

    /** Mode, registrations, calls and ports, taken consistently (on the engine thread). */
    Snapshot snapshot() throws Exception;

    /**
     * Applies a validated config atomically: either everything that can change live changes, or
     * nothing does and the problems say why. Drops no established call.
     */
    ApplyResult apply(SiteConfig next);

    /** {@code survival} or {@code normal} (held until {@code auto}), or {@code auto} (probes decide). */
    void forceMode(String mode);

    /** Told of every survivability mode change (on the engine thread: do not block). */
    void addModeListener(ModeListener listener);

    /**
     * Sets message waiting for the analog line with {@code extension} (stored, lamp spill, MWI
     * dial tone). False when no analog line has that extension.
     */
    default boolean messageWaiting(String extension, boolean waiting, int newMessages, int oldMessages) {
        throw new UnsupportedOperationException("message waiting is not supported here");
    }

    /** SIP contacts registered for the user with {@code extension} now (0 when none). */
    default int registeredContacts(String extension) { return 0; }

    /** Firmware upgrades (the controller's {@code upgrade} command), or null where there are none. */
    default dev.lifeline.mgmt.firmware.Firmware firmware() { return null; }

    /** The FXS lines' registrations at HQ: {@code line}, {@code state} ({@code REGISTERED}, ...) and more; none without HQ. */
    default List<java.util.Map<String, Object>> upstreamRegistrations() { return List.of(); }

    /** Waits until every CDR of calls ended so far is on disk. */
    void flushCdrs();

    /** The newest {@code limit} CDRs of the journal, newest first (the TR-069 call log); none where there is no journal. */
    default List<dev.lifeline.store.Cdr> recentCdrs(int limit) { return List.of(); }

    /**
     * Ends the process with {@code status} for the supervisor to restart it (reboot command).
     * Injectable: in-process tests record the call instead of exiting.
     */
    void exit(int status);

    /** What the status message shows about the gateway right now. */
    record Snapshot(Mode mode, int registrations, int calls, List<PortState> ports) {
        public Snapshot { ports = List.copyOf(ports); }
    }

    /**
     * One port of the board.
     *
     * @param extension the FXS line's extension, null for other ports
     * @param state     the signalling state in lower case ({@code idle}, {@code ringing}, ...), or
     *                  {@code not in service} for a port the site does not use
     * @param device    something is plugged into the port (a phone, an exchange line); null when not in service
     */
    record PortState(String id, String type, String extension, String state, Boolean device) { }

    /**
     * The outcome of {@link #apply}.
     *
     * @param problems        why nothing was applied (empty on success)
     * @param restartRequired dotted config paths that changed but take effect only after a restart
     */
    record ApplyResult(List<ConfigError> problems, List<String> restartRequired) {
        public ApplyResult {
            problems = List.copyOf(problems);
            restartRequired = List.copyOf(restartRequired);
        }

        public boolean applied() { return problems.isEmpty(); }
    }
}
