package dev.lifeline.mgmt.cwmp;

import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.mgmt.controller.GatewayControl;
import java.util.List;
import java.util.Map;

/**
 * What the data model is built from, taken once per RPC: the running config and board, the
 * ports' state, SIP registrations, and the agent's own state.
 *
 * @param contacts          registered contacts by SIP user extension
 * @param connectionRequestUrl the URL the ACS uses for connection requests
 * @param pendingAccounts   SIP accounts added by AddObject but not complete yet (instance → fields)
 * @param callLog           the newest CDRs of the journal, newest first (the call log)
 * @param upstreamStates    FXS port → its registration state at HQ ({@code REGISTERED}, ...), for lines with an HQ identity
 */
record ModelInputs(SiteConfig site, BoardProfile board, GatewayControl.Snapshot snapshot, Map<String, Integer> contacts,
                   String software, long uptimeSeconds, String connectionRequestUrl, AgentState state,
                   Map<Integer, Map<String, String>> pendingAccounts, List<dev.lifeline.store.Cdr> callLog,
                   Map<String, String> upstreamStates) {
    List<GatewayControl.PortState> fxsPorts() {
        return snapshot.ports().stream().filter(p -> p.type().equals("fxs")).toList();
    }
}
