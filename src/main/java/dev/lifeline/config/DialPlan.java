package dev.lifeline.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How dialled digits become a destination: the digit map decides when enough digits were
 * dialled, the normalize rules rewrite (first match wins), the routes pick where it goes.
 *
 * @param digitMap             parsed digit map ({@code toString()} gives the text as configured)
 * @param firstDigitTimeoutMs  off-hook with no digit for this long → give up
 * @param interDigitTimeoutMs  pause that ends a {@link DigitMap.Result#COMPLETE_MAY_EXTEND} number
 */
public record DialPlan(DigitMap digitMap, long firstDigitTimeoutMs, long interDigitTimeoutMs,
                       List<NormalizeRule> normalize, List<Route> routes) {
    /** The {@code us} zone's digit map (see {@link ZoneDefaults} for the others). */
    public static final String DEFAULT_DIGIT_MAP = ZoneDefaults.US_DIGIT_MAP;

    public DialPlan {
        normalize = List.copyOf(normalize);
        routes = List.copyOf(routes);
    }

    /** Applies the first matching normalize rule; unchanged if none matches. */
    public String normalize(String dialled) {
        for (NormalizeRule r : normalize) {
            Optional<String> out = r.apply(dialled);
            if (out.isPresent()) return out.get();
        }
        return dialled;
    }

    /** The first route matching the normalized number. */
    public Optional<Route> route(String normalized) {
        return routes.stream().filter(r -> r.matches(normalized)).findFirst();
    }

    static DialPlan read(YamlNode node, BoardProfile board, String zone) {
        String zoneMap = ZoneDefaults.digitMap(zone);
        if (node == null) return new DialPlan(DigitMap.parse(zoneMap), 10_000, 4_000, List.of(), List.of());
        Fields f = node.fields("digit-map", "first-digit-timeout", "inter-digit-timeout", "normalize", "routes");
        DigitMap map = DigitMap.parse(zoneMap);
        if (f.get("digit-map").isPresent()) {
            YamlNode m = f.get("digit-map").get();
            String text = m.string();
            try {
                if (text != null) map = DigitMap.parse(text);
            } catch (IllegalArgumentException e) {
                m.error(e.getMessage());
                map = null; // the config is refused anyway; null tells later checks not to test against a map nobody wrote
            }
        }
        long first = f.durationMs("first-digit-timeout", 10_000, 1_000, 120_000);
        long inter = f.durationMs("inter-digit-timeout", 4_000, 500, 60_000);
        List<NormalizeRule> rules = new ArrayList<>();
        for (YamlNode item : f.list("normalize")) {
            Fields r = item.fields("match", "replace");
            Pattern p = regex(r.required("match"));
            YamlNode replNode = r.required("replace");
            String repl = replNode == null ? null : replNode.text();
            if (p != null && repl != null) {
                String problem = NormalizeRule.checkReplacement(p, repl);
                if (problem != null) replNode.error(problem);
                else rules.add(new NormalizeRule(p, repl));
            }
        }
        List<Route> routes = new ArrayList<>();
        for (YamlNode item : f.list("routes")) {
            Fields r = item.fields("match", "via");
            Pattern p = regex(r.required("match"));
            YamlNode viaNode = r.required("via");
            List<String> via = viaNode == null ? List.of() : viaNode.strings();
            if (viaNode != null && viaNode.isSequence() && via.isEmpty()) viaNode.error("needs at least one destination");
            boolean ok = true;
            for (int i = 0; i < via.size(); i++) {
                String problem = checkVia(via.get(i), board);
                if (problem != null) {
                    node.problems().add(viaNode.path() + "[" + i + "]", problem);
                    ok = false;
                }
            }
            if (p != null && ok && !via.isEmpty()) routes.add(new Route(p, via));
        }
        return new DialPlan(map, first, inter, rules, routes);
    }

    private static Pattern regex(YamlNode n) {
        if (n == null) return null;
        String v = n.text();
        if (v == null) return null;
        try {
            return Pattern.compile(v);
        } catch (PatternSyntaxException e) {
            n.error("bad regular expression '" + v + "': " + e.getDescription() + " near index " + e.getIndex());
            return null;
        }
    }

    private static String checkVia(String via, BoardProfile board) {
        if (via.equals("local") || via.equals("hq") || via.equals("fxo")) return null;
        if (via.startsWith("fxo:")) {
            String port = via.substring(4);
            return board.port(port).filter(p -> p.type() == PortType.FXO).isPresent() ? null
                    : "'" + port + "' is not an FXO port of board " + board.board();
        }
        if (via.startsWith("span:")) {
            String span = via.substring(5);
            return board.span(span).isPresent() ? null : "'" + span + "' is not a span of board " + board.board();
        }
        return "unknown destination '" + via + "' (use local, hq, fxo, fxo:<port> or span:<id>)";
    }
}
