package dev.lifeline.app;

import dev.lifeline.call.Call;
import dev.lifeline.call.FxoLeg;
import dev.lifeline.call.FxsLeg;
import dev.lifeline.config.PortDef;
import dev.lifeline.mgmt.StatusSource;
import dev.lifeline.store.Cdr;
import dev.lifeline.tdm.FxoChannel;
import dev.lifeline.tdm.FxsChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Management views of a running gateway, snapshotted on the engine thread for consistency. */
final class GatewayStatus implements StatusSource {
    private static final long TIMEOUT_MS = 2000;
    private final Gateway gw;

    GatewayStatus(Gateway gw) { this.gw = gw; }

    @Override
    public Map<String, Object> status() throws Exception {
        return gw.engine().call(() -> {
            Map<String, Object> s = new LinkedHashMap<>();
            var o = gw.options();
            var site = gw.site();
            s.put("gateway", site.gatewayId());
            s.put("site", site.site());
            s.put("configVersion", gw.configVersion());
            s.put("mode", gw.mode().name().toLowerCase());
            var sv = gw.survivability();
            if (sv != null) {
                s.put("wanUp", sv.wanUp());
                s.put("modeHistory", sv.history().stream().map(Object::toString).toList());
            }
            s.put("uptimeSeconds", gw.uptimeSeconds());
            s.put("version", Version.get());
            s.put("board", o.board().board());
            s.put("toneZone", site.effectiveToneZone(o.board()));
            s.put("activeCalls", gw.calls().calls().size());
            s.put("registrations", gw.sip().registrations().size());
            s.put("upstream", gw.upstreamRegistrations());
            s.put("sip", gw.sip().protection());
            var tls = gw.sip().tlsStatus();
            if (tls != null) s.put("sipTls", tls);
            s.put("cdrStore", gw.cdrStoreState());
            s.put("srtp", srtpTotals());
            List<Map<String, Object>> ports = new ArrayList<>();
            for (PortDef p : o.board().ports()) ports.add(port(p));
            s.put("ports", ports);
            List<Map<String, Object>> spans = new ArrayList<>();
            for (dev.lifeline.call.PriTrunk t : gw.priTrunks()) spans.add(span(t.span().status()));
            if (!spans.isEmpty()) s.put("spans", spans);
            s.put("alarms", gw.localAlarms());
            var certs = gw.certificates();
            if (!certs.isEmpty()) s.put("certificates", certs);
            var svc = gw.calls().services();
            if (svc != null) s.put("services", services(svc.snapshot()));
            return s;
        }, TIMEOUT_MS);
    }

    private Map<String, Object> port(PortDef p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("type", p.type().name().toLowerCase());
        var health = gw.lines().health(p.id());
        m.put("service", health.inService() ? "in service" : "out of service");
        if (health.state() != dev.lifeline.tdm.PortHealth.State.OK) m.put("fault", health.describe());
        FxsLeg leg = gw.legs().get(p.id());
        if (leg == null) return fxoPort(p, m);
        FxsChannel ch = leg.line();
        m.put("extension", leg.number());
        m.put("name", leg.displayName());
        m.put("device", ch.deviceConnected() ? "connected" : "absent");
        m.put("hook", ch.offHook() ? "off" : "on");
        m.put("ringing", ch.ringing());
        m.put("state", ch.state().name());
        m.put("tone", ch.toneName());
        m.put("call", callOf(leg));
        m.put("appearances", leg.appearances().stream().map(Enum::name).toList()); // the line's calls: waiting, held, ...
        var mwi = gw.messageWaiting().of(leg.number());
        Map<String, Object> lamp = new LinkedHashMap<>();
        lamp.put("waiting", mwi.waiting());
        lamp.put("new", mwi.newMessages());
        lamp.put("old", mwi.oldMessages());
        m.put("mwi", lamp);
        m.put("history", ch.history().stream().map(Object::toString).toList());
        return m;
    }

    /** Switched supplementary services per extension (only those with something on). */
    private static Map<String, Object> services(Map<String, dev.lifeline.store.ServiceStates.State> states) {
        Map<String, Object> out = new LinkedHashMap<>();
        states.forEach((ext, st) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("forwardAlways", st.cfu());
            m.put("forwardBusy", st.cfb());
            m.put("forwardNoAnswer", st.cfnr());
            m.put("doNotDisturb", st.dnd());
            out.put(ext, m);
        });
        return out;
    }

    /** A PRI span: layer 1 and 2, in service or not, and its B-channels by state. */
    private static Map<String, Object> span(dev.lifeline.tdm.pri.E1Span.Status st) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", st.span());
        m.put("signalling", st.signalling());
        m.put("layer1", st.layer1().name());
        m.put("layer2", st.layer2());
        m.put("service", st.up() ? "in service" : "out of service");
        Map<String, Long> counts = new java.util.TreeMap<>();
        List<Integer> busy = new ArrayList<>();
        for (var c : st.channels()) {
            counts.merge(c.state(), 1L, Long::sum);
            if (c.state().equals("busy")) busy.add(c.timeslot());
        }
        m.put("channels", counts);
        m.put("busyTimeslots", busy);
        return m;
    }

    /** An FXO port: in service when it belongs to the trunk group, with its line state and call. */
    private Map<String, Object> fxoPort(PortDef p, Map<String, Object> m) {
        FxoLeg leg = gw.trunks() == null ? null : gw.trunks().port(p.id()).orElse(null);
        if (leg == null) {
            m.put("state", "not in service");
            return m;
        }
        FxoChannel ch = leg.line();
        m.put("extension", null);
        m.put("name", "PSTN");
        m.put("device", ch.deviceConnected() ? "connected" : "absent");
        m.put("state", ch.state().name());
        m.put("rings", ch.rings());
        m.put("call", callOf(leg));
        m.put("history", ch.history().stream().map(Object::toString).toList());
        return m;
    }

    /** Short id of the call a port's leg is in, or null. */
    private String callOf(dev.lifeline.call.Leg leg) {
        return gw.calls().calls().stream().filter(c -> c.caller() == leg || c.callee() == leg).findFirst()
                .map(c -> c.uuid().substring(0, 8)).orElse(null);
    }

    @Override
    public List<Map<String, Object>> calls() throws Exception {
        return gw.engine().call(() -> {
            java.time.Instant now = gw.options().clock().now();
            List<Map<String, Object>> out = new ArrayList<>();
            for (Call c : gw.calls().calls()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", c.uuid());
                m.put("from", c.caller().id() + " (" + c.caller().number() + ")");
                m.put("to", c.callee() == null ? null : c.callee().id() + " (" + c.callee().number() + ")");
                m.put("dialled", c.dialled());
                m.put("phase", c.phase().name());
                m.put("start", String.valueOf(c.start()));
                m.put("answer", c.answer() == null ? null : String.valueOf(c.answer()));
                java.time.Instant since = c.answer() != null ? c.answer() : c.start();
                m.put("durationSeconds", since == null ? null : Math.max(0, java.time.Duration.between(since, now).toSeconds()));
                m.put("codec", codecOf(c));
                m.put("srtp", srtpOf(c));
                out.add(m);
            }
            return out;
        }, TIMEOUT_MS);
    }

    /** SRTP since start, over every leg: legs protected, packets dropped failing authentication or as replays. */
    private static Map<String, Object> srtpTotals() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("legs", dev.lifeline.media.rtp.SrtpTotals.legs());
        m.put("authFailures", dev.lifeline.media.rtp.SrtpTotals.authFailures());
        m.put("replays", dev.lifeline.media.rtp.SrtpTotals.replays());
        return m;
    }

    /** The SRTP legs of a call in progress with what each dropped so far; null when no leg is SRTP. */
    private static List<Map<String, Object>> srtpOf(Call c) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (dev.lifeline.call.Leg leg : new dev.lifeline.call.Leg[] {c.caller(), c.callee()}) {
            dev.lifeline.store.RtpStats r = leg == null ? null : leg.rtpStats();
            if (r == null || !r.srtp()) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("leg", leg.id());
            m.put("suite", r.srtpSuite());
            m.put("authFailures", r.srtpAuthFailures());
            m.put("replays", r.srtpReplays());
            out.add(m);
        }
        return out.isEmpty() ? null : out;
    }

    /** The call's codec on its SIP side (G.711 or so); null for analog-to-analog calls, which have none. */
    private static String codecOf(Call c) {
        String a = c.caller().codec();
        return a != null ? a : c.callee() == null ? null : c.callee().codec();
    }

    @Override
    public List<Map<String, Object>> registrations() {
        List<Map<String, Object>> out = new ArrayList<>(gw.sip().registrations());
        for (Map<String, Object> up : gw.upstreamRegistrations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", "upstream"); // a line registered at HQ, not a phone registered here
            m.putAll(up);
            out.add(m);
        }
        return out;
    }

    @Override
    public List<Map<String, Object>> recentCdrs(int limit) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Cdr c : gw.cdrStore().recent(limit)) out.add(dev.lifeline.mgmt.controller.CdrJson.toMap(c)); // the shape the controller gets too
        return out;
    }
}
