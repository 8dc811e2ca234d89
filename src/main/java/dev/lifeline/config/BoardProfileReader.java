package dev.lifeline.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a parsed board-profile document into a {@link BoardProfile}, reporting every problem. */
final class BoardProfileReader {
    private static final Pattern TIMESLOTS = Pattern.compile("\\d{1,2}(-\\d{1,2})?(,\\d{1,2}(-\\d{1,2})?)*");

    private BoardProfileReader() {}

    static BoardProfile read(YamlNode root) {
        Fields f = root.fields("board", "description", "driver", "sim", "tone-zone", "ports", "spans", "gpio", "console");
        String board = Checks.id(f.required("board"), Checks.ID, "board name");
        String description = f.string("description", "");
        YamlNode driverNode = f.required("driver");
        String driver = driverNode == null ? null : driverNode.choice(Set.of("sim", "dahdi"));
        String simHost = BoardProfile.DEFAULT_SIM_HOST;
        int simPort = BoardProfile.DEFAULT_SIM_PORT;
        if (f.get("sim").isPresent()) {
            Fields sim = f.get("sim").get().fields("listen");
            Object[] hp = sim.get("listen").map(Checks::hostPort).orElse(null);
            if (hp != null) { simHost = (String) hp[0]; simPort = (Integer) hp[1]; }
        }
        String zone = f.get("tone-zone").map(Checks::toneZone).orElse("us");
        List<PortDef> ports = ports(f);
        List<SpanDef> spans = spans(f, ports);
        Map<String, Integer> gpio = gpio(f);
        String serial = f.get("console").map(n -> n.fields("serial").string("serial", "none")).orElse("none");
        return new BoardProfile(board, description, driver, simHost, simPort, zone, ports, spans, gpio, serial);
    }

    private static List<PortDef> ports(Fields f) {
        YamlNode portsNode = f.required("ports");
        List<PortDef> ports = new ArrayList<>();
        if (portsNode == null) return ports;
        List<YamlNode> items = portsNode.items();
        if (items.isEmpty() && portsNode.isSequence()) portsNode.error("a board needs at least one port");
        Set<String> seen = new java.util.HashSet<>();
        for (YamlNode item : items) {
            Fields p = item.fields("id", "type", "echo-tail-ms");
            YamlNode idNode = p.required("id");
            String id = Checks.id(idNode, Checks.PORT_ID, "port id");
            YamlNode typeNode = p.required("type");
            String type = typeNode == null ? null : typeNode.choice(Set.of("fxs", "fxo"));
            if (id != null && !seen.add(id)) idNode.error("duplicate port id '" + id + "'");
            else if (id != null && type != null) {
                PortType t = PortType.valueOf(type.toUpperCase());
                ports.add(new PortDef(id, t, echoTail(p, PortDef.defaultTail(t))));
            }
        }
        return ports;
    }

    private static List<SpanDef> spans(Fields f, List<PortDef> ports) {
        List<SpanDef> spans = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        ports.forEach(p -> seen.add(p.id()));
        for (YamlNode item : f.list("spans")) {
            Fields s = item.fields("id", "type", "signalling", "timeslots", "echo-tail-ms");
            YamlNode idNode = s.required("id");
            String id = Checks.id(idNode, Checks.PORT_ID, "span id");
            YamlNode typeNode = s.required("type");
            String type = typeNode == null ? null : typeNode.choice(Set.of("e1", "t1"));
            String sig = s.choice("signalling", "pri-cpe", Set.of("pri-cpe", "pri-net"));
            String slots = s.get("timeslots").map(n -> timeslots(n, "t1".equals(type) ? 24 : 31))
                    .orElse("t1".equals(type) ? "1-23" : "1-15,17-31");
            if (slots != null && "e1".equals(type) && new SpanDef(id, type, sig, slots).bearers().contains(16)) {
                s.get("timeslots").ifPresent(n -> n.error("timeslot 16 carries the D-channel on an E1 PRI; bearers are e.g. 1-15,17-31"));
                slots = null;
            }
            if (id != null && !seen.add(id)) idNode.error("duplicate id '" + id + "' (port and span ids must be unique)");
            else if (id != null && type != null && sig != null && slots != null) spans.add(new SpanDef(id, type, sig, slots, echoTail(s, SpanDef.DEFAULT_TAIL_MS)));
        }
        return spans;
    }

    /** {@code echo-tail-ms}: 0 (no canceller) or 2..128 ms. */
    private static int echoTail(Fields f, int def) {
        int tail = f.integer("echo-tail-ms", def, 0, PortDef.MAX_TAIL_MS);
        if (tail == 1) {
            f.get("echo-tail-ms").ifPresent(n -> n.error("echo tail must be 0 (off) or 2.." + PortDef.MAX_TAIL_MS + " ms"));
            return def;
        }
        return tail;
    }

    private static String timeslots(YamlNode n, int max) {
        String v = n.string();
        if (v == null) return null;
        String compact = v.replace(" ", "");
        boolean ok = TIMESLOTS.matcher(compact).matches();
        if (ok) {
            for (String part : compact.split(",")) {
                String[] r = part.split("-");
                int a = Integer.parseInt(r[0]), b = Integer.parseInt(r[r.length - 1]);
                if (a < 1 || b > max || a > b) ok = false;
            }
        }
        if (!ok) {
            n.error("expected timeslot ranges like 1-15,17-31 within 1-" + max + ", got '" + v + "'");
            return null;
        }
        return compact;
    }

    private static Map<String, Integer> gpio(Fields f) {
        Map<String, Integer> gpio = new LinkedHashMap<>();
        Map<Integer, String> byPin = new HashMap<>();
        f.get("gpio").ifPresent(node -> {
            for (Map.Entry<String, YamlNode> e : node.fields().all().entrySet()) {
                Integer pin = e.getValue().integer(0, 255);
                if (pin == null) continue;
                String other = byPin.putIfAbsent(pin, e.getKey());
                if (other != null) e.getValue().error("pin " + pin + " is already used by " + other);
                else gpio.put(e.getKey(), pin);
            }
        });
        return gpio;
    }
}
