package dev.lifeline.mgmt.controller;

import dev.lifeline.util.Clock;
import dev.lifeline.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * The retained {@code status} message. Published on connect and whenever something an operator
 * watches changes — mode, registrations, a port's state, the config version, the alarms — but at
 * most once per {@link #MIN_INTERVAL_MS}: changes inside that window are coalesced into the next
 * message, so a busy box does not flood the controller with one message per ring.
 *
 * <p>Change detection is a cheap poll ({@link #poll()}, every 100 ms from the link's thread)
 * comparing a fingerprint of the watched values, rather than hooks in every layer that could change one.
 */
final class StatusPublisher {
    static final long MIN_INTERVAL_MS = 500;

    /**
     * What triggers a new message when it changes (uptime and calls ride along). The CDR backlog
     * counts by its order of magnitude, so a drain publishes a handful of messages, the last one
     * when the journal is empty, instead of one per batch.
     */
    private record Fingerprint(String mode, int registrations, List<GatewayControl.PortState> ports, long configVersion,
                               List<Alarms.Alarm> alarms, int backlogMagnitude) { }

    static int magnitude(long n) { return n <= 0 ? 0 : 1 + (int) Math.floor(Math.log10(n)); }

    private final GatewayControl gw;
    private final Topics topics;
    private final Alarms alarms;
    private final LongSupplier configVersion;
    private final LongSupplier backlog;
    private final Outbox out;
    private final Clock clock;
    private Fingerprint last;
    private long lastAt = Long.MIN_VALUE / 2;
    private int published;

    StatusPublisher(GatewayControl gw, Topics topics, Alarms alarms, LongSupplier configVersion, LongSupplier backlog,
                    Outbox out, Clock clock) {
        this.gw = gw;
        this.topics = topics;
        this.alarms = alarms;
        this.configVersion = configVersion;
        this.backlog = backlog;
        this.out = out;
        this.clock = clock;
    }

    /** Publishes if anything watched changed and the last message is old enough. */
    synchronized void poll() { publish(false); }

    /** Publishes now (on connect: the retained message must replace the will at once). */
    synchronized void publishNow() { publish(true); }

    /** Status messages published so far (tests). */
    synchronized int published() { return published; }

    private void publish(boolean force) {
        if (!out.online()) return;
        GatewayControl.Snapshot s;
        try {
            s = gw.snapshot();
        } catch (Exception e) {
            Logger.debug("status snapshot failed: {}", e.toString());
            return;
        }
        List<Alarms.Alarm> active = alarms.active();
        Fingerprint f = new Fingerprint(s.mode().name(), s.registrations(), s.ports(), configVersion.getAsLong(), active,
                magnitude(backlog.getAsLong()));
        long now = clock.millis();
        if (!force && (f.equals(last) || now - lastAt < MIN_INTERVAL_MS)) return;
        if (out.publish(topics.status(), Json.write(online(s, f)), 1, true)) {
            if (last != null && !f.mode().equals(last.mode())) Logger.info("status: mode {} published", f.mode());
            last = f;
            lastAt = now;
            published++;
        }
    }

    private Map<String, Object> online(GatewayControl.Snapshot s, Fingerprint f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("online", true);
        m.put("gatewayId", topics.gatewayId());
        m.put("site", topics.site());
        m.put("mode", f.mode());
        m.put("software", gw.software());
        m.put("configVersion", f.configVersion());
        m.put("uptimeSeconds", gw.uptimeSeconds());
        m.put("registrations", s.registrations());
        m.put("calls", s.calls());
        m.put("cdrBacklog", backlog.getAsLong());
        List<Map<String, Object>> ports = new ArrayList<>();
        for (GatewayControl.PortState p : s.ports()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("id", p.id());
            pm.put("type", p.type().toLowerCase(Locale.ROOT));
            if (p.extension() != null) pm.put("extension", p.extension());
            pm.put("state", p.state());
            if (p.device() != null) pm.put("device", p.device() ? "connected" : "absent");
            ports.add(pm);
        }
        m.put("ports", ports);
        List<Map<String, Object>> al = new ArrayList<>();
        for (Alarms.Alarm a : f.alarms()) al.add(a.toJson());
        m.put("alarms", al);
        m.put("time", clock.now().toString());
        return m;
    }

    /** The offline status: the MQTT will, and what an orderly shutdown publishes. */
    static String offline(Topics topics) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("online", false);
        m.put("gatewayId", topics.gatewayId());
        m.put("site", topics.site());
        return Json.write(m);
    }
}
