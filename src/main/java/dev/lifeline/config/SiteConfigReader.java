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
                "management", "emergency", "trunks", "upstream", "controller", "storage", "survival");
        String site = Checks.id(f.required("site"), Checks.ID, "site id");
        String gw = Checks.id(f.required("gateway-id"), Checks.ID, "gateway id");
        String zone = f.get("tone-zone").map(Checks::toneZone).orElse(null);
        Extensions extensions = new Extensions();
        Map<String, LineConfig> lines = lines(f, root, board, extensions);
        SipConfig sip = SipConfig.read(f.get("sip").orElse(null), site);
        List<SipUser> users = SipUser.read(f.list("users"), sip.realm(), extensions);
        DialPlan dialPlan = DialPlan.read(f.get("dial-plan").orElse(null), board);
        AnalogConfig analog = AnalogConfig.read(f.get("analog").orElse(null));
        ManagementConfig mgmt = ManagementConfig.read(f.get("management").orElse(null));
        List<String> emergency = emergency(f, dialPlan);
        List<String> lineExts = board.ports(PortType.FXS).stream().map(p -> lines.get(p.id()))
                .filter(java.util.Objects::nonNull).map(LineConfig::extension).toList();
        java.util.Set<String> allExts = new java.util.HashSet<>(lineExts);
        users.forEach(u -> allExts.add(u.extension()));
        TrunksConfig trunks = TrunksConfig.read(f.get("trunks").orElse(null), board, lineExts, allExts);
        UpstreamConfig upstream = UpstreamConfig.read(f.get("upstream").orElse(null));
        ControllerConfig controller = ControllerConfig.read(f.get("controller").orElse(null));
        StorageConfig storage = StorageConfig.read(f.get("storage").orElse(null));
        SurvivalConfig survival = SurvivalConfig.read(f.get("survival").orElse(null));
        extensions.checkNotEmergency(emergency);
        return new SiteConfig(site, gw, zone, lines, users, dialPlan, analog, sip, mgmt, emergency, trunks,
                upstream, controller, storage, survival);
    }

    private static Map<String, LineConfig> lines(Fields f, YamlNode root, BoardProfile board, Extensions extensions) {
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
            Fields l = n.fields("extension", "name");
            String ext = extensions.claim(l.required("extension"));
            String name = l.string("name", null);
            if (ext != null) lines.put(port, new LineConfig(port, ext, name));
        }
        for (PortDef p : board.ports(PortType.FXS)) {
            if (!entries.containsKey(p.id())) {
                root.problems().add(root.childPath("lines") + "." + p.id(),
                        "FXS port " + p.id() + " of board " + board.board() + " has no line; every FXS port needs an extension");
            }
        }
        return lines;
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
