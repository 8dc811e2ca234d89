package dev.lifeline.mgmt.web;

import dev.lifeline.survival.Mode;
import dev.lifeline.survival.ModeTimeline;
import dev.lifeline.util.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One picture of the gateway for the console page: mode banner, 24-hour mode history, ports,
 * calls, registrations, alarms, failed-auth blocks and the latest CDRs. The live view sends it
 * once a second; it is built once per second for all open views, not once per view. Per-port
 * transition histories are left out (the CLI's {@code status --json} has them): they would make
 * every event several times larger for nothing the page shows.
 */
final class Snapshots {
    static final int RECENT_CDRS = 10;

    private final ConsoleBackend backend;
    private final Clock clock;

    Snapshots(ConsoleBackend backend, Clock clock) {
        this.backend = backend;
        this.clock = clock;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> build() throws Exception {
        Map<String, Object> status = backend.status();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("now", clock.now().toString());
        for (String k : List.of("gateway", "site", "version", "board", "toneZone", "uptimeSeconds", "configVersion")) {
            s.put(k, status.get(k));
        }
        s.put("mode", mode(status));
        s.put("modeHistory", history());
        List<Map<String, Object>> ports = new ArrayList<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) status.getOrDefault("ports", List.of())) {
            Map<String, Object> q = new LinkedHashMap<>(p);
            q.remove("history");
            ports.add(q);
        }
        s.put("ports", ports);
        s.put("calls", backend.calls());
        s.put("registrations", backend.registrations());
        s.put("alarms", backend.alarms());
        Object blocked = status.get("sip") instanceof Map<?, ?> sip ? sip.get("blocked") : null;
        s.put("blocked", blocked == null ? List.of() : blocked);
        s.put("cdrStore", status.get("cdrStore"));
        s.put("recentCdrs", backend.recentCdrs(RECENT_CDRS));
        return s;
    }

    private Map<String, Object> mode(Map<String, Object> status) {
        Map<String, Object> m = new LinkedHashMap<>();
        ModeTimeline t = backend.modeTimeline();
        ModeTimeline.Change c = t == null ? null : t.current();
        m.put("mode", c == null ? String.valueOf(status.get("mode")).toUpperCase(Locale.ROOT) : c.to().name());
        m.put("since", c == null ? null : c.at().toString());
        m.put("cause", c == null ? null : c.cause());
        m.put("forced", backend.forcedMode().map(Mode::name).orElse(null));
        m.put("wanUp", status.get("wanUp"));
        return m;
    }

    private Map<String, Object> history() {
        Map<String, Object> h = new LinkedHashMap<>();
        ModeTimeline t = backend.modeTimeline();
        h.put("windowHours", ModeTimeline.WINDOW.toHours());
        h.put("windowStart", clock.now().minus(ModeTimeline.WINDOW).toString());
        List<Map<String, Object>> segments = new ArrayList<>();
        List<Map<String, Object>> changes = new ArrayList<>();
        if (t != null) {
            for (ModeTimeline.Segment g : t.segments()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("mode", g.mode().name());
                m.put("from", g.from().toString());
                m.put("to", g.to().toString());
                segments.add(m);
            }
            for (ModeTimeline.Change c : t.changes()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("at", c.at().toString());
                m.put("from", c.from() == null ? null : c.from().name());
                m.put("to", c.to().name());
                m.put("cause", c.cause());
                changes.add(m);
            }
        }
        h.put("segments", segments);
        h.put("changes", changes);
        return h;
    }
}
