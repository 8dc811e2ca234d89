package dev.lifeline.config;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Who an FXS port is: its extension, an optional display name (sent as caller-ID name) and,
 * optionally, its identity at HQ (the SIP user agent it registers as in normal mode).
 *
 * @param port      board port id, e.g. {@code fxs1}
 * @param extension 2-15 digits, unique in the site
 * @param name      display name, or null
 * @param upstream  the line's HQ identity, or null when the line does not register upstream
 */
public record LineConfig(String port, String extension, String name, Upstream upstream) {
    /** RFC 3261 user part: unreserved, user-unreserved and %-escapes; at most 64 characters. */
    static final Pattern SIP_USER = Pattern.compile("(?:[A-Za-z0-9\\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2}){1,64}");
    /** Digest usernames and realms travel in quoted strings: no quote, backslash or control characters. */
    private static final Pattern QUOTABLE = Pattern.compile("[\\x20-\\x7e&&[^\"\\\\]]{1,128}");
    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");

    public LineConfig(String port, String extension, String name) { this(port, extension, name, null); }

    /**
     * A line's identity at HQ: it registers {@code sip:<user>@<upstream.domain>} and answers
     * HQ's digest challenges with these credentials. Exactly one of {@code password} and
     * {@code ha1Md5} is set. A plaintext password answers any realm HQ names (and MD5 or
     * SHA-256); an HA1 only answers MD5 challenges in its own {@code realm}.
     *
     * @param user     user part of the AOR at HQ (often the extension, need not be)
     * @param authUser digest username (default: {@code user})
     * @param password plaintext password, or null; never logged or printed
     * @param ha1Md5   MD5(auth-user:realm:password) in lower-case hex, or null
     * @param realm    the realm {@code ha1Md5} was computed for (required with it), else null
     */
    public record Upstream(String user, String authUser, String password, String ha1Md5, String realm) {
        /** Never prints the secrets. */
        @Override
        public String toString() {
            return "Upstream[user=" + user + ", authUser=" + authUser + ", password=" + (password == null ? "none" : "***")
                    + ", ha1Md5=" + (ha1Md5 == null ? "none" : "***") + ", realm=" + realm + "]";
        }
    }

    /** Never prints the upstream secrets (the record's own {@code Upstream.toString} hides them). */
    @Override
    public String toString() {
        return "LineConfig[port=" + port + ", extension=" + extension + ", name=" + name + ", upstream=" + upstream + "]";
    }

    /** Reads {@code lines.<port>.upstream}; null (with the problems reported) when it is unusable. */
    static Upstream readUpstream(YamlNode node) {
        Fields f = node.fields("user", "auth-user", "password", "ha1-md5", "realm");
        YamlNode userNode = f.required("user");
        String user = userNode == null ? null : checked(userNode, SIP_USER, "SIP user part");
        String authUser = f.get("auth-user").map(n -> checked(n, QUOTABLE, "digest username")).orElse(user);
        String realm = f.get("realm").map(n -> checked(n, QUOTABLE, "realm")).orElse(null);
        String password = null;
        String ha1 = null;
        boolean hasPw = f.get("password").isPresent();
        boolean hasHa1 = f.get("ha1-md5").isPresent();
        if (hasPw && hasHa1) {
            node.error("give either password or ha1-md5, not both");
        } else if (hasPw) {
            password = f.get("password").get().text();
            if (password == null || password.isEmpty()) {
                f.get("password").get().error("must not be empty");
                password = null;
            }
            if (realm != null) f.get("realm").get().error("realm goes with ha1-md5 only (a password answers HQ's realm)");
        } else if (hasHa1) {
            YamlNode h = f.get("ha1-md5").get();
            String v = h.string();
            if (v != null && !HEX32.matcher(v).matches()) h.error("expected 32 hex digits");
            else if (v != null) ha1 = HexFormat.of().formatHex(HexFormat.of().parseHex(v));
            if (realm == null) node.problems().add(node.childPath("realm"), "is required with ha1-md5 (the realm the hash was made for)");
        } else {
            node.error("needs a password or ha1-md5 (with realm)");
        }
        if (user == null || authUser == null || (password == null && ha1 == null) || (ha1 != null && realm == null)) return null;
        return new Upstream(user, authUser, password, ha1, realm);
    }

    private static String checked(YamlNode n, Pattern p, String what) {
        String v = n.string();
        if (v != null && !p.matcher(v).matches()) {
            n.error("'" + v + "' is not a valid " + what);
            return null;
        }
        return v;
    }
}
