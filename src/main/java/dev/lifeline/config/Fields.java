package dev.lifeline.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The keys of one YAML mapping, with typed getters that fall back to defaults and report
 * problems under the right path. Keys outside the declared set are reported at once
 * (typo protection: {@code inter-digit-timout} must not silently mean "use the default").
 */
final class Fields {
    private final YamlNode owner;
    private final Map<String, YamlNode> values = new LinkedHashMap<>();

    Fields(YamlNode owner, MappingNode map, Set<String> known) {
        this.owner = owner;
        if (map == null) return;
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                owner.error("keys must be plain words");
                continue;
            }
            String key = k.getValue();
            String path = owner.childPath(key);
            if (values.containsKey(key)) {
                owner.problems().add(path, "appears twice");
            } else if (!known.isEmpty() && !known.contains(key)) {
                owner.problems().add(path, "unknown key" + suggestion(key, known)
                        + " (allowed: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            } else {
                values.put(key, new YamlNode(t.getValueNode(), path, owner.problems()));
            }
        }
    }

    YamlNode owner() { return owner; }

    /** All present keys (used for maps keyed by data, such as {@code lines}). */
    Map<String, YamlNode> all() { return values; }

    /** The value of {@code key}, empty if absent or written as nothing ({@code key:}). */
    Optional<YamlNode> get(String key) {
        YamlNode n = values.get(key);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
    }

    YamlNode required(String key) {
        Optional<YamlNode> n = get(key);
        if (n.isEmpty()) owner.problems().add(owner.childPath(key), "is required");
        return n.orElse(null);
    }

    String requiredString(String key) {
        YamlNode n = required(key);
        return n == null ? null : n.string();
    }

    String string(String key, String def) {
        return get(key).map(YamlNode::string).orElse(def);
    }

    int integer(String key, int def, long min, long max) {
        return get(key).map(n -> n.integer(min, max)).orElse(def);
    }

    long durationMs(String key, long def, long min, long max) {
        return get(key).map(n -> n.durationMs(min, max)).orElse(def);
    }

    boolean bool(String key, boolean def) {
        return get(key).map(YamlNode::bool).orElse(def);
    }

    String choice(String key, String def, Set<String> allowed) {
        return get(key).map(n -> n.choice(allowed)).orElse(def);
    }

    /** A key whose values are {@code type}'s constants in lower case ({@code off}, {@code optional}...), or {@code def}. */
    <E extends Enum<E>> E choice(String key, E def, Class<E> type) {
        Map<String, E> byName = new LinkedHashMap<>();
        for (E e : type.getEnumConstants()) byName.put(e.name().toLowerCase(Locale.ROOT), e);
        String v = choice(key, def == null ? null : def.name().toLowerCase(Locale.ROOT), byName.keySet());
        return v == null ? def : byName.getOrDefault(v, def);
    }

    List<YamlNode> list(String key) {
        return get(key).map(YamlNode::items).orElse(List.of());
    }

    List<String> strings(String key, List<String> def) {
        return get(key).map(YamlNode::strings).orElse(def);
    }

    /** ", did you mean 'x'?" for a key that is one or two edits away from a known key. */
    static String suggestion(String key, Collection<String> known) {
        String best = null;
        int bestD = 3;
        for (String k : known) {
            int d = distance(key, k);
            if (d < bestD) { bestD = d; best = k; }
        }
        return best == null ? "" : ", did you mean '" + best + "'?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
