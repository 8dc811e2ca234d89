package dev.lifeline.app.ctl;

import dev.lifeline.mgmt.TextTable;
import dev.lifeline.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.common.MqttException;

/** {@code ctl status}, {@code ctl alarms} and {@code ctl cdrs}: tables for people, {@code --json} for programs. */
final class ViewCommands {
    private ViewCommands() {}

    static int status(CtlArgs a) throws MqttException, InterruptedException {
        List<GatewayStatus> all = fetch(a);
        if (a.flag("json")) {
            System.out.println(all.stream().map(GatewayStatus::json).collect(Collectors.joining(",", "[", "]")));
            return CtlMain.OK;
        }
        if (all.isEmpty()) {
            System.out.println("no gateway has published a status on " + a.login().url());
            return CtlMain.OK;
        }
        TextTable t = new TextTable("SITE", "GATEWAY", "ONLINE", "MODE", "CONFIG", "REGS", "CALLS", "CDR BACKLOG", "UPTIME", "ALARMS");
        for (GatewayStatus s : all) {
            String alarms = s.alarms().stream().map(m -> m.get("id") + "(" + m.get("severity") + ")").collect(Collectors.joining(" "));
            if (!s.online()) {
                t.row(s.site(), s.gatewayId(), "OFFLINE");
            } else {
                t.row(s.site(), s.gatewayId(), "online", s.mode(), s.configVersion(), s.registrations(), s.calls(), s.cdrBacklog(),
                        s.uptimeSeconds() == null ? null : uptime(s.uptimeSeconds()), alarms.isEmpty() ? "none" : alarms);
            }
        }
        System.out.print(t);
        return CtlMain.OK;
    }

    private static List<GatewayStatus> fetch(CtlArgs a) throws MqttException, InterruptedException {
        try (Controller c = Controller.connect(a.login())) {
            return c.statuses(a.get("site", "+"), a.get("gateway", "+"), a.duration("wait", "2s"));
        }
    }

    static String uptime(long s) {
        if (s >= 86400) return s / 86400 + "d" + (s % 86400) / 3600 + "h";
        if (s >= 3600) return s / 3600 + "h" + (s % 3600) / 60 + "m";
        if (s >= 60) return s / 60 + "m" + s % 60 + "s";
        return s + "s";
    }

    /** Active alarms from the retained statuses, or with {@code --db} the history collect stored. */
    static int alarms(CtlArgs a) throws MqttException, InterruptedException {
        List<AlarmEvent> events = new ArrayList<>();
        boolean history = a.options().containsKey("db");
        if (history) {
            try (CdrArchive archive = openExisting(a)) {
                events.addAll(archive.alarms(a.get("gateway", null), (int) a.number("limit", 50)));
            }
        } else {
            for (GatewayStatus s : fetch(a)) {
                for (Map<String, Object> m : s.alarms()) {
                    events.add(new AlarmEvent(s.site(), s.gatewayId(), str(m.get("id")), str(m.get("severity")), "active",
                            str(m.get("text")), str(m.get("since") != null ? m.get("since") : m.get("time"))));
                }
            }
        }
        if (a.flag("json")) {
            System.out.println(Json.write(events.stream().map(AlarmEvent::toMap).toList()));
            return CtlMain.OK;
        }
        if (events.isEmpty()) {
            System.out.println(history ? "no alarms stored" : "no active alarms");
            return CtlMain.OK;
        }
        TextTable t = new TextTable("SITE", "GATEWAY", "ALARM", "SEVERITY", "STATE", "TIME", "TEXT");
        events.forEach(e -> t.row(e.site(), e.gatewayId(), e.id(), e.severity(), e.state(), e.time(), e.text()));
        System.out.print(t);
        return CtlMain.OK;
    }

    /** Stored CDRs, newest last. */
    static int cdrs(CtlArgs a) {
        List<CdrArchive.StoredCdr> rows;
        try (CdrArchive archive = openExisting(a)) {
            rows = new ArrayList<>(archive.recent(a.get("gateway", null), (int) a.number("limit", 20)));
        }
        Collections.reverse(rows);
        if (a.flag("json")) {
            System.out.println(rows.stream().map(CdrArchive.StoredCdr::json).collect(Collectors.joining(",", "[", "]")));
            return CtlMain.OK;
        }
        if (rows.isEmpty()) {
            System.out.println("no CDRs stored");
            return CtlMain.OK;
        }
        TextTable t = new TextTable("GATEWAY", "SEQ", "START", "FROM", "TO", "DIR", "BILLED", "CAUSE", "MODE");
        for (CdrArchive.StoredCdr r : rows) {
            Map<String, Object> m = Json.object(r.json());
            t.row(r.gatewayId(), r.seq(), m.get("start"), m.get("callingNumber"), m.get("calledNumber"), m.get("direction"),
                    m.get("billableSeconds") == null ? null : m.get("billableSeconds") + "s", m.get("q850Cause"), m.get("mode"));
        }
        System.out.print(t);
        return CtlMain.OK;
    }

    private static CdrArchive openExisting(CtlArgs a) {
        Path db = Path.of(a.required("db"));
        if (!Files.exists(db)) throw new IllegalArgumentException("no controller database at " + db + " (ctl collect --db creates it)");
        return CdrArchive.open(db);
    }

    private static String str(Object o) { return o == null ? null : String.valueOf(o); }

}
