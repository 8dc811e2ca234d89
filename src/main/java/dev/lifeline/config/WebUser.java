package dev.lifeline.config;

import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A web console account ({@code management.http.users[]}). Only a salted PBKDF2 hash is ever
 * configured ({@code pbkdf2-sha256$ITERATIONS$SALT$HASH}, salt and hash in Base64, made by
 * {@code lifeline hash-password}); a plaintext password is refused at load, so the config file
 * is never a list of passwords.
 *
 * @param name         1-32 of {@code A-Z a-z 0-9 . _ -}
 * @param role         admin (views and actions) or staff (views only)
 * @param passwordHash the encoded hash, checked for shape here and verified by the web console
 */
public record WebUser(String name, Role role, String passwordHash) {
    /** What the account may do. */
    public enum Role { ADMIN, STAFF }

    /** The encoded hash: scheme, iterations, Base64 salt, Base64 derived key. */
    public static final Pattern HASH = Pattern.compile("pbkdf2-sha256\\$(\\d{1,9})\\$([A-Za-z0-9+/]+=*)\\$([A-Za-z0-9+/]+=*)");
    public static final int MIN_ITERATIONS = 100_000;
    public static final int MAX_ITERATIONS = 10_000_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    /** Never prints the hash. */
    @Override
    public String toString() { return "WebUser[name=" + name + ", role=" + role + ", passwordHash=***]"; }

    static WebUser read(YamlNode item) {
        Fields f = item.fields("name", "role", "password-hash", "password");
        String name = f.requiredString("name");
        if (name != null && !NAME.matcher(name).matches()) {
            f.get("name").ifPresent(n -> n.error("must be 1-32 letters, digits, '.', '_' or '-'"));
            name = null;
        }
        String role = f.get("role").map(n -> n.choice(java.util.Set.of("admin", "staff"))).orElse(null);
        if (f.get("role").isEmpty()) f.required("role");
        if (f.get("password").isPresent()) {
            f.get("password").get().error("plaintext passwords are not accepted here; put the output of "
                    + "'./scripts/lifeline hash-password' in password-hash");
        }
        String hash = f.requiredString("password-hash");
        if (hash != null && !checkHash(hash, f.get("password-hash").get())) hash = null;
        if (name == null || role == null || hash == null) return null;
        return new WebUser(name, Role.valueOf(role.toUpperCase(Locale.ROOT)), hash);
    }

    private static boolean checkHash(String hash, YamlNode node) {
        Matcher m = HASH.matcher(hash);
        if (!m.matches()) {
            node.error("expected pbkdf2-sha256$ITERATIONS$SALT$HASH (make one with ./scripts/lifeline hash-password)");
            return false;
        }
        long iterations = Long.parseLong(m.group(1));
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            node.error("iterations must be between " + MIN_ITERATIONS + " and " + MAX_ITERATIONS + ", got " + iterations);
            return false;
        }
        try {
            if (Base64.getDecoder().decode(m.group(2)).length < 16) {
                node.error("salt must be at least 16 bytes");
                return false;
            }
            if (Base64.getDecoder().decode(m.group(3)).length != 32) {
                node.error("hash must be 32 bytes (PBKDF2-HMAC-SHA256)");
                return false;
            }
        } catch (IllegalArgumentException e) {
            node.error("salt and hash must be Base64");
            return false;
        }
        return true;
    }
}
