package dev.lifeline.app;

import dev.lifeline.config.PortDef;
import dev.lifeline.mgmt.web.ConsoleBackend;
import dev.lifeline.store.Cdr;
import dev.lifeline.survival.Mode;
import dev.lifeline.survival.ModeTimeline;
import dev.lifeline.tdm.PortHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The running gateway as the web console sees it: the CoAP API's views plus what only the console does. */
final class ConsoleBackendImpl implements ConsoleBackend {
    private static final long TIMEOUT_MS = 2_000;
    private final Gateway gw;
    private final GatewayStatus status;

    ConsoleBackendImpl(Gateway gw, GatewayStatus status) {
        this.gw = gw;
        this.status = status;
    }

    @Override public Map<String, Object> status() throws Exception { return status.status(); }
    @Override public List<Map<String, Object>> recentCdrs(int limit) throws Exception { return status.recentCdrs(limit); }
    @Override public List<Map<String, Object>> calls() throws Exception { return status.calls(); }
    @Override public List<Map<String, Object>> registrations() throws Exception { return status.registrations(); }
    @Override public int unblock(String source, String user) throws Exception { return gw.sip().unblock(source, user); }

    @Override
    public List<Cdr> searchCdrs(String number, Instant from, Instant to, int limit) {
        return gw.cdrStore().search(number, from, to, limit);
    }

    @Override
    public ModeTimeline modeTimeline() { return gw.survivability() == null ? null : gw.survivability().timeline(); }

    @Override
    public Optional<Mode> forcedMode() { return gw.survivability() == null ? Optional.empty() : gw.survivability().forced(); }

    @Override
    public void forceMode(Mode mode, String why) {
        var s = gw.survivability();
        if (s == null) throw new IllegalStateException("survivability is not running");
        if (mode == null) s.release();
        else s.force(mode, why);
    }

    @Override
    public List<String> portIds() { return gw.options().board().ports().stream().map(PortDef::id).toList(); }

    @Override
    public String returnToService(String portId) throws Exception {
        return gw.engine().call(() -> {
            PortHealth before = gw.lines().health(portId);
            if (before.state() == PortHealth.State.OK) return portId + " is in service and has no fault: nothing to do";
            gw.lines().returnToService(portId, gw.options().clock().millis());
            return portId + " returned to service (was: " + before.describe() + ")";
        }, TIMEOUT_MS);
    }

    /** The controller's alarm list when there is a controller (it holds every alarm), else the local ones. */
    @Override
    public List<Map<String, Object>> alarms() {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        var c = gw.controller();
        if (c != null) {
            for (var a : c.alarms().active()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", a.id());
                m.put("severity", a.severity().wire());
                m.put("text", a.text());
                m.put("since", a.since() == null ? null : a.since().toString());
                byId.put(a.id(), m);
            }
        }
        for (Map<String, Object> a : gw.localAlarms()) byId.putIfAbsent(String.valueOf(a.get("id")), a);
        Map<String, Object> cdr = gw.cdrStoreState();
        if ("failing".equals(cdr.get("state"))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", cdr.get("alarm"));
            m.put("severity", "major");
            m.put("text", cdr.get("text"));
            byId.putIfAbsent(String.valueOf(cdr.get("alarm")), m);
        }
        return new ArrayList<>(byId.values());
    }

    @Override
    public void onModeChange(Runnable r) {
        if (gw.survivability() != null) gw.survivability().addListener((from, to, cause) -> r.run());
    }
}
