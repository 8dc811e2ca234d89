package dev.lifeline.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PSTN trunks of the site. Only analog FXO trunks for now; E1 spans come later.
 *
 * @param fxo the FXO trunk group ({@link FxoTrunk#NONE} if the site has none)
 */
public record TrunksConfig(FxoTrunk fxo) {
    public static final TrunksConfig NONE = new TrunksConfig(FxoTrunk.NONE);

    /**
     * The FXO ports used as one trunk group to the local exchange.
     *
     * @param ports         FXO port ids of the board, hunted in this order
     * @param outsidePrefix what a caller dials first to get an outside line (e.g. "0"); "" if none
     * @param number        the PSTN number of the lines (caller ID for outbound), or null
     * @param ring          extensions an incoming PSTN call rings, hunted in this order
     * @param polarityDisconnect a line polarity reversal during a call means the far end hung up
     */
    public record FxoTrunk(List<String> ports, String outsidePrefix, String number, List<String> ring,
                           boolean polarityDisconnect) {
        public static final FxoTrunk NONE = new FxoTrunk(List.of(), "", null, List.of(), false);

        public FxoTrunk {
            ports = List.copyOf(ports);
            ring = List.copyOf(ring);
        }

        public FxoTrunk(List<String> ports, String outsidePrefix, String number) {
            this(ports, outsidePrefix, number, List.of(), false);
        }

        public boolean isEmpty() { return ports.isEmpty(); }
    }

    /**
     * @param lineExtensions extensions of the FXS lines in board port order (the first is the
     *                       default ring target)
     * @param allExtensions  every extension of the site (lines and users), for checking {@code ring}
     */
    static TrunksConfig read(YamlNode node, BoardProfile board, List<String> lineExtensions, Set<String> allExtensions) {
        if (node == null) return NONE;
        Fields f = node.fields("fxo");
        if (f.get("fxo").isEmpty()) return NONE;
        YamlNode fxoNode = f.get("fxo").get();
        Fields fx = fxoNode.fields("ports", "outside-prefix", "number", "ring", "polarity-disconnect");
        List<String> ports = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        YamlNode portsNode = fx.required("ports");
        List<YamlNode> items = portsNode == null ? List.of() : portsNode.items();
        for (YamlNode item : items) {
            String id = item.string();
            if (id == null) continue;
            if (board.port(id).filter(p -> p.type() == PortType.FXO).isEmpty()) {
                item.error("'" + id + "' is not an FXO port of board " + board.board() + " (FXO ports: "
                        + String.join(", ", board.ports(PortType.FXO).stream().map(PortDef::id).toList()) + ")");
            } else if (!seen.add(id)) {
                item.error("'" + id + "' is listed twice");
            } else {
                ports.add(id);
            }
        }
        String prefix = fx.get("outside-prefix").map(n -> digits(n, "outside-prefix")).orElse("");
        String number = fx.get("number").map(TrunksConfig::e164ish).orElse(null);
        List<String> ring = new ArrayList<>();
        if (fx.get("ring").isPresent()) {
            for (YamlNode item : fx.get("ring").get().items()) {
                String ext = item.string();
                if (ext == null) continue;
                if (!allExtensions.contains(ext)) {
                    item.error("'" + ext + "' is not an extension of this site (a line or a user)");
                } else if (ring.contains(ext)) {
                    item.error("'" + ext + "' is listed twice");
                } else {
                    ring.add(ext);
                }
            }
        } else if (!lineExtensions.isEmpty()) {
            ring.add(lineExtensions.get(0));
        }
        boolean polarity = fx.bool("polarity-disconnect", false);
        return new TrunksConfig(new FxoTrunk(ports, prefix == null ? "" : prefix, number, ring, polarity));
    }

    private static String digits(YamlNode n, String what) {
        String v = n.string();
        if (v != null && !v.matches("[0-9*#]{1,4}")) {
            n.error("expected 1-4 digits, got '" + v + "'");
            return null;
        }
        return v;
    }

    private static String e164ish(YamlNode n) {
        String v = n.string();
        if (v != null && !v.matches("\\+?\\d{2,15}")) {
            n.error("expected a phone number such as +15555550100, got '" + v + "'");
            return null;
        }
        return v;
    }
}
