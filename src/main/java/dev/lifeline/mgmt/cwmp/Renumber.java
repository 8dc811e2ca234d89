package dev.lifeline.mgmt.cwmp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renumbering an extension in the config's YAML tree: the line or user gets the new number, and
 * what refers to the old one follows it — its per-extension services ({@code services.extensions}),
 * pickup groups, hunt group memberships and overflow, forward and hotline targets. Why: an
 * operator who renumbers a phone means the phone, not "the phone, and leave its barring on a
 * number nobody has" (which the config's validation would refuse anyway).
 */
final class Renumber {
    private static final List<String> SECTIONS = List.of("services", "hunt-groups");

    private Renumber() {}

    static void references(Map<String, Object> yaml, String from, String to) {
        if (from == null || from.equals(to)) return;
        for (String s : SECTIONS) {
            Object v = yaml.get(s);
            if (v != null) yaml.put(s, replace(v, from, to));
        }
    }

    @SuppressWarnings("unchecked")
    private static Object replace(Object v, String from, String to) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                out.put(key.equals(from) ? to : key, replace(e.getValue(), from, to));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(replace(o, from, to));
            return out;
        }
        if (v != null && String.valueOf(v).equals(from)) return to;
        return v;
    }
}
