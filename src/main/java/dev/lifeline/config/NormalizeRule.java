package dev.lifeline.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One dial-plan normalization rule: if {@code match} finds the dialled string, the whole
 * string becomes {@code replace} applied to it ({@code $1}, {@code ${name}} refer to groups).
 */
public record NormalizeRule(Pattern match, String replace) {
    /** The rewritten string if this rule applies. */
    public Optional<String> apply(String dialled) {
        Matcher m = match.matcher(dialled);
        return m.find() ? Optional.of(m.replaceFirst(replace)) : Optional.empty();
    }

    /** Checks group references in {@code replace} against the pattern, so a bad rule fails at load, not mid-call. */
    static String checkReplacement(Pattern p, String replace) {
        int groups = p.matcher("").groupCount();
        for (int i = 0; i < replace.length(); i++) {
            char c = replace.charAt(i);
            if (c == '\\') {
                if (++i >= replace.length()) return "ends with a lone '\\'";
            } else if (c == '$') {
                if (++i >= replace.length()) return "ends with a lone '$' (write \\$ for a literal dollar)";
                char n = replace.charAt(i);
                if (n == '{') {
                    int close = replace.indexOf('}', i);
                    if (close < 0) return "'${' without '}'";
                    String name = replace.substring(i + 1, close);
                    if (!p.namedGroups().containsKey(name)) return "refers to group '" + name + "', which the match does not define";
                    i = close;
                } else if (Character.isDigit(n)) {
                    if (n - '0' > groups) return "refers to group $" + n + " but the match has only " + groups + " group(s)";
                } else {
                    return "'$' must be followed by a group number or {name} (write \\$ for a literal dollar)";
                }
            }
        }
        return null;
    }
}
