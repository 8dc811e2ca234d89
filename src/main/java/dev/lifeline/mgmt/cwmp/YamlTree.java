package dev.lifeline.mgmt.cwmp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The running site config's YAML as plain maps and lists, for TR-069 writes: parameters change
 * this tree, the tree is written back to text, and that text goes through the same validation
 * and apply as a controller push. Why text and not the typed model: the typed model keeps SIP
 * users' password hashes only, and a stored version must be a config file an operator can read.
 */
final class YamlTree {
    private YamlTree() {}

    /** Applies {@code edit} to the tree of {@code text} and returns the new text (comments are not kept). */
    static String edit(String text, Consumer<Map<String, Object>> edit) {
        Map<String, Object> root = load(text);
        edit.accept(root);
        DumpSettings s = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setWidth(200).build();
        return new Dump(s).dumpToString(root);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String text) {
        Object o = new Load(LoadSettings.builder().build()).loadFromString(text);
        return deepCopy((Map<String, Object>) o);
    }

    /** The mapping at {@code key}, created when absent. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object o = parent.get(key);
        if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        Map<String, Object> m = new LinkedHashMap<>();
        parent.put(key, m);
        return m;
    }

    /** The list at {@code key}, created when absent. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> parent, String key) {
        Object o = parent.get(key);
        if (o instanceof List<?> l) return (List<Object>) l;
        List<Object> l = new ArrayList<>();
        parent.put(key, l);
        return l;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) out.put(String.valueOf(e.getKey()), copy(e.getValue()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) return deepCopy((Map<String, Object>) m);
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(copy(o));
            return out;
        }
        return v;
    }
}
