package dev.lifeline.mgmt.cwmp;

import dev.lifeline.mgmt.controller.VersionedConfig;
import java.util.Map;

/** What the RPC handlers need from the agent: the model now, the shared config, the agent's state and actions. */
interface AgentHost {
    /** The data model of the running gateway, built now. */
    ParameterTree tree();

    VersionedConfig config();

    /** The SIP realm of the running config (account URIs are {@code sip:<extension>@<realm>}). */
    String realm();

    AgentState state();

    /** SIP accounts added by AddObject that are not complete enough to be users yet (instance → fields). */
    Map<Integer, Map<String, String>> pendingAccounts();

    /** Reboot when the session has ended (TR-069 §A.3.2.9), reported with {@code M Reboot} afterwards. */
    void rebootAfterSession(String commandKey);

    /**
     * Factory reset when the session has ended (TR-069 §A.4.1.9): the gateway restarts with its
     * site file's config and forgets what the managers and users set; the ACS sees {@code 0 BOOTSTRAP}.
     */
    void factoryResetAfterSession();

    /** An Inform {@code 3 SCHEDULED} / {@code M ScheduleInform} in {@code delayMs}. */
    void scheduleInform(long delayMs, String commandKey);

    /** Firmware upgrades (Download). */
    dev.lifeline.mgmt.firmware.Firmware firmware();

    /** The ACS changed values: they are the new baseline for notifications (its own changes are not notified). */
    void changedByAcs();
}
