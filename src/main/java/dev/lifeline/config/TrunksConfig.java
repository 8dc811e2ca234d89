package dev.lifeline.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PSTN trunks of the site: analog FXO lines and ISDN PRI spans.
 *
 * @param fxo the FXO trunk group ({@link FxoTrunk#NONE} if the site has none)
 * @param pri the PRI spans used as trunks, in the order emergency calls and the outside prefix try them
 */
public record TrunksConfig(FxoTrunk fxo, List<PriTrunk> pri) {
    public static final TrunksConfig NONE = new TrunksConfig(FxoTrunk.NONE, List.of());

    public TrunksConfig {
        pri = List.copyOf(pri);
    }

    public TrunksConfig(FxoTrunk fxo) { this(fxo, List.of()); }

    /**
     * One E1 span of the board used as an ISDN PRI trunk.
     *
     * @param span      the board's span id, e.g. {@code e1a}
     * @param number    the calling number presented on outgoing calls (the site's main number), or null
     * @param dids      called number (as the exchange sends it) → extension; looked up first
     * @param didDigits when no {@code dids} entry matches: the last N digits of the called number are
     *                  the extension, if that is one (0 = off)
     * @param glare     {@code network-wins} (Q.931) or {@code user-wins}: who keeps a channel both sides seized at once
     */
    public record PriTrunk(String span, String number, java.util.Map<String, String> dids, int didDigits, String glare) {
        public PriTrunk {
            dids = java.util.Map.copyOf(dids);
        }

        public PriTrunk(String span, String number, java.util.Map<String, String> dids, int didDigits) {
            this(span, number, dids, didDigits, "network-wins");
        }

        /** The extension an incoming call to {@code called} rings, or empty (cause 1, unallocated number). */
        public java.util.Optional<String> extensionFor(String called, java.util.function.Predicate<String> isExtension) {
            String ext = dids.get(called);
            if (ext != null) return java.util.Optional.of(ext);
            if (didDigits > 0 && called.length() >= didDigits) {
                String tail = called.substring(called.length() - didDigits);
                if (isExtension.test(tail)) return java.util.Optional.of(tail);
            }
            return java.util.Optional.empty();
        }
    }

    public java.util.Optional<PriTrunk> pri(String span) {
        return pri.stream().filter(p -> p.span().equals(span)).findFirst();
    }

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
     * @param allExtensions  every extension of the site (lines, users, hunt group pilots), for checking {@code ring} and DIDs
     */
    static TrunksConfig read(YamlNode node, BoardProfile board, List<String> lineExtensions, Set<String> allExtensions) {
        if (node == null) return NONE;
        Fields f = node.fields("fxo", "pri");
        List<PriTrunk> pri = f.get("pri").map(n -> pri(n, board, allExtensions)).orElse(List.of());
        if (f.get("fxo").isEmpty()) return new TrunksConfig(FxoTrunk.NONE, pri);
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
                    item.error("'" + ext + "' is not an extension of this site (a line, a user or a hunt group pilot)");
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
        return new TrunksConfig(new FxoTrunk(ports, prefix == null ? "" : prefix, number, ring, polarity), pri);
    }

    /** {@code pri: [ { span, number, dids: { called: extension }, did-digits } ]}. */
    private static List<PriTrunk> pri(YamlNode node, BoardProfile board, Set<String> allExtensions) {
        List<PriTrunk> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlNode item : node.items()) {
            Fields p = item.fields("span", "number", "dids", "did-digits", "glare");
            YamlNode spanNode = p.required("span");
            String span = spanNode == null ? null : spanNode.string();
            if (span != null && board.span(span).isEmpty()) {
                spanNode.error("'" + span + "' is not a span of board " + board.board() + " (spans: "
                        + String.join(", ", board.spans().stream().map(SpanDef::id).toList()) + ")");
                span = null;
            } else if (span != null && !seen.add(span)) {
                spanNode.error("span '" + span + "' is listed twice");
                span = null;
            }
            String number = p.get("number").map(n -> {
                String v = n.string();
                if (v != null && !v.matches("\\d{2,20}")) {
                    n.error("expected the digits the exchange expects as calling number (national or subscriber number, no '+'), got '" + v + "'");
                    return null;
                }
                return v;
            }).orElse(null);
            java.util.Map<String, String> dids = new java.util.LinkedHashMap<>();
            p.get("dids").ifPresent(d -> d.fields().all().forEach((called, extNode) -> {
                String ext = extNode.string();
                if (!called.matches("\\d{1,20}")) extNode.error("a DID is the called number's digits, got '" + called + "'");
                else if (ext != null && !allExtensions.contains(ext)) extNode.error("'" + ext + "' is not an extension of this site (a line, a user or a hunt group pilot)");
                else if (ext != null) dids.put(called, ext);
            }));
            int didDigits = p.integer("did-digits", 0, 0, 8);
            String glare = p.choice("glare", "network-wins", Set.of("network-wins", "user-wins"));
            if (span != null) out.add(new PriTrunk(span, number, dids, didDigits, glare == null ? "network-wins" : glare));
        }
        return out;
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
