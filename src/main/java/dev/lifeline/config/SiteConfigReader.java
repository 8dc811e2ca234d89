package dev.lifeline.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a site config document section by section and then checks what spans sections:
 * lines against the board, unique extensions, emergency numbers against the digit map.
 */
final class SiteConfigReader {
    private SiteConfigReader() {}

    static SiteConfig read(YamlNode root, BoardProfile board) {
        Fields f = root.fields("site", "gateway-id", "tone-zone", "lines", "users", "dial-plan", "analog", "sip",
                "management", "emergency", "trunks", "upstream", "controller", "storage", "survival", "services",
                "hunt-groups", "tr069");
        String site = Checks.id(f.required("site"), Checks.ID, "site id");
        String gw = Checks.id(f.required("gateway-id"), Checks.ID, "gateway id");
        String zone = f.get("tone-zone").map(Checks::toneZone).orElse(null);
        Extensions extensions = new Extensions();
        Map<String, YamlNode> upstreamNodes = new LinkedHashMap<>();
        Map<String, LineConfig> lines = lines(f, root, board, extensions, upstreamNodes);
        SipConfig sip = SipConfig.read(f.get("sip").orElse(null), site);
        List<SipUser> users = SipUser.read(f.list("users"), sip.realm(), extensions);
        String effectiveZone = zone != null ? zone : board.toneZone(); // the country: default codes and digit map
        DialPlan dialPlan = DialPlan.read(f.get("dial-plan").orElse(null), board, effectiveZone);
        AnalogConfig analog = AnalogConfig.read(f.get("analog").orElse(null));
        ManagementConfig mgmt = ManagementConfig.read(f.get("management").orElse(null));
        List<String> emergency = emergency(f, dialPlan);
        List<String> lineExts = board.ports(PortType.FXS).stream().map(p -> lines.get(p.id()))
                .filter(java.util.Objects::nonNull).map(LineConfig::extension).toList();
        java.util.Set<String> allExts = new java.util.HashSet<>(lineExts);
        users.forEach(u -> allExts.add(u.extension()));
        List<HuntGroup> huntGroups = HuntGroup.read(f.list("hunt-groups"), extensions, allExts);
        java.util.Set<String> reachable = new java.util.HashSet<>(allExts); // what PSTN calls may ring: pilots too
        huntGroups.forEach(h -> reachable.add(h.pilot()));
        TrunksConfig trunks = TrunksConfig.read(f.get("trunks").orElse(null), board, lineExts, reachable);
        UpstreamConfig upstream = UpstreamConfig.read(f.get("upstream").orElse(null));
        checkLineUpstreams(lines, upstreamNodes, upstream, allExts);
        if (sip.tls() == null && upstream.servers().stream().anyMatch(s -> s.transport() == UpstreamConfig.Transport.TLS)) {
            // HQ reaches the branch's phones through the gateway's Path, which must then be a TLS listener too
            f.get("upstream").get().error("servers with transport: tls need sip.tls (the gateway's certificate and TLS listener)");
        }
        ControllerConfig controller = ControllerConfig.read(f.get("controller").orElse(null));
        StorageConfig storage = StorageConfig.read(f.get("storage").orElse(null));
        SurvivalConfig survival = SurvivalConfig.read(f.get("survival").orElse(null));
        ServicesConfig services = ServicesConfig.read(f.get("services").orElse(null), allExts, effectiveZone);
        Tr069Config tr069 = Tr069Config.read(f.get("tr069").orElse(null));
        extensions.checkNotEmergency(emergency);
        return new SiteConfig(site, gw, zone, lines, users, dialPlan, analog, sip, mgmt, emergency, trunks,
                upstream, controller, storage, survival, services, huntGroups, tr069);
    }

    private static Map<String, LineConfig> lines(Fields f, YamlNode root, BoardProfile board, Extensions extensions,
                                                 Map<String, YamlNode> upstreamNodes) {
        Map<String, LineConfig> lines = new LinkedHashMap<>();
        Map<String, YamlNode> entries = f.get("lines").map(n -> n.fields().all()).orElse(Map.of());
        String fxsPorts = board.ports(PortType.FXS).stream().map(PortDef::id).collect(Collectors.joining(", "));
        for (Map.Entry<String, YamlNode> e : entries.entrySet()) {
            String port = e.getKey();
            YamlNode n = e.getValue();
            var def = board.port(port);
            if (def.isEmpty()) {
                n.error("no such port on board " + board.board() + " (ports: "
                        + board.ports().stream().map(PortDef::id).collect(Collectors.joining(", ")) + ")");
                continue;
            }
            if (def.get().type() != PortType.FXS) {
                n.error("port " + port + " is " + def.get().type() + "; only FXS ports have lines (FXS ports: " + fxsPorts + ")");
                continue;
            }
            if (n.isNull()) {
                n.error("needs an extension");
                continue;
            }
            Fields l = n.fields("extension", "name", "upstream");
            String ext = extensions.claim(l.required("extension"));
            String name = l.string("name", null);
            LineConfig.Upstream up = null;
            if (l.get("upstream").isPresent()) {
                upstreamNodes.put(port, l.get("upstream").get());
                up = LineConfig.readUpstream(l.get("upstream").get());
            }
            if (ext != null) lines.put(port, new LineConfig(port, ext, name, up));
        }
        for (PortDef p : board.ports(PortType.FXS)) {
            if (!entries.containsKey(p.id())) {
                root.problems().add(root.childPath("lines") + "." + p.id(),
                        "FXS port " + p.id() + " of board " + board.board() + " has no line; every FXS port needs an extension");
            }
        }
        return lines;
    }

    /**
     * A line's upstream identity is only meaningful with HQ servers to register to, and two lines
     * cannot share one, nor use another endpoint's extension (an INVITE from HQ for that user would
     * not know which phone to ring).
     */
    private static void checkLineUpstreams(Map<String, LineConfig> lines, Map<String, YamlNode> nodes, UpstreamConfig upstream,
                                           java.util.Set<String> extensions) {
        Map<String, String> users = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : nodes.entrySet()) {
            YamlNode n = e.getValue();
            if (upstream.isEmpty()) {
                n.error("needs upstream.servers (the HQ servers the line registers to)");
                continue;
            }
            LineConfig line = lines.get(e.getKey());
            if (line == null || line.upstream() == null) continue;
            String prev = users.putIfAbsent(line.upstream().user(), e.getKey());
            if (prev != null) {
                n.problems().add(n.childPath("user"), "upstream user " + line.upstream().user()
                        + " is already used by line " + prev);
            } else if (!line.upstream().user().equals(line.extension()) && extensions.contains(line.upstream().user())) {
                n.problems().add(n.childPath("user"), "upstream user " + line.upstream().user()
                        + " is another line's or user's extension (a call from HQ to it would be ambiguous)");
            }
        }
    }

    private static List<String> emergency(Fields f, DialPlan plan) {
        List<String> out = new ArrayList<>();
        List<YamlNode> items = f.get("emergency").map(YamlNode::items).orElse(List.of());
        for (YamlNode item : items) {
            String v = item.string();
            if (v == null) continue;
            if (!v.matches("\\d{1,15}")) {
                item.error("emergency numbers are digits only, got '" + v + "'");
                continue;
            }
            DigitMap map = plan.digitMap();
            DigitMap.Result r = map == null ? DigitMap.Result.COMPLETE : map.match(v);
            if (r == DigitMap.Result.NO_MATCH || r == DigitMap.Result.PARTIAL) {
                item.error("emergency number " + v + " cannot be dialled from analog phones with digit map '" + map + "'");
            }
            out.add(v);
        }
        return out;
    }
}
