package dev.lifeline.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Extensions claimed so far in one site config, so a number used twice (by two lines, two
 * users, or a line and a user) is reported at the second use, naming the first.
 */
final class Extensions {
    private final Map<String, YamlNode> owners = new LinkedHashMap<>();

    /** Reads and format-checks an extension and claims it; null if invalid or already taken. */
    String claim(YamlNode n) {
        if (n == null) return null;
        String v = n.string();
        if (v == null) return null;
        if (!Checks.EXTENSION.matcher(v).matches()) {
            n.error("'" + v + "' is not a valid extension (2 to 15 digits)");
            return null;
        }
        YamlNode prev = owners.putIfAbsent(v, n);
        if (prev != null) {
            n.error("duplicate extension " + v + " (already used by " + prev.path() + ")");
            return null;
        }
        return v;
    }

    /** An extension equal to an emergency number would capture emergency calls. */
    void checkNotEmergency(List<String> emergency) {
        for (String e : emergency) {
            YamlNode n = owners.get(e);
            if (n != null) n.error("extension " + e + " is also an emergency number");
        }
    }
}
