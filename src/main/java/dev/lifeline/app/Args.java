package dev.lifeline.app;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --key value} and {@code --flag} options of the command line. */
record Args(Map<String, String> values, Set<String> flags) {
    private static final Set<String> FLAGS = Set.of("json", "stdin");

    static Args parse(List<String> args) {
        Map<String, String> v = new HashMap<>();
        Set<String> f = new HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a + "'");
            String key = a.substring(2);
            int eq = key.indexOf('=');
            if (eq > 0) {
                v.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (FLAGS.contains(key)) {
                f.add(key);
            } else {
                if (i + 1 >= args.size()) throw new IllegalArgumentException("--" + key + " needs a value");
                v.put(key, args.get(++i));
            }
        }
        return new Args(v, f);
    }

    String get(String key, String dflt) { return values.getOrDefault(key, dflt); }
    boolean flag(String key) { return flags.contains(key); }
}
