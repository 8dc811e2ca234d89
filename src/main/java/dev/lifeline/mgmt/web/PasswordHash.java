package dev.lifeline.mgmt.web;

import dev.lifeline.config.WebUser;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Web console passwords as salted PBKDF2-HMAC-SHA256 hashes, encoded
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (Base64 salt and 32-byte key). Why PBKDF2: it is in
 * every JDK (no dependency on a small box) and the NIST/OWASP-accepted choice where Argon2 or
 * bcrypt are not at hand. {@link #DEFAULT_ITERATIONS} costs about a second on a small ARM core,
 * which a login can afford and a password guesser cannot; the login throttle and a single
 * verification at a time keep it from being used to load the box.
 */
public final class PasswordHash {
    public static final String SCHEME = "pbkdf2-sha256";
    public static final int DEFAULT_ITERATIONS = 310_000;
    static final int SALT_BYTES = 16;
    static final int KEY_BYTES = 32;

    private PasswordHash() {}

    /** A new hash of {@code password} with a random salt. */
    public static String hash(char[] password, int iterations, SecureRandom random) {
        if (iterations < WebUser.MIN_ITERATIONS || iterations > WebUser.MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between " + WebUser.MIN_ITERATIONS + " and "
                    + WebUser.MAX_ITERATIONS);
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] key = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
    }

    public static String hash(char[] password) { return hash(password, DEFAULT_ITERATIONS, new SecureRandom()); }

    /** True when {@code password} matches {@code encoded}; false for any malformed hash. Constant-time compare. */
    public static boolean verify(char[] password, String encoded) {
        Matcher m = WebUser.HASH.matcher(encoded == null ? "" : encoded);
        if (!m.matches()) return false;
        int iterations = Integer.parseInt(m.group(1));
        if (iterations < WebUser.MIN_ITERATIONS || iterations > WebUser.MAX_ITERATIONS) return false;
        byte[] salt;
        byte[] expected;
        try {
            salt = Base64.getDecoder().decode(m.group(2));
            expected = Base64.getDecoder().decode(m.group(3));
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] actual = derive(password, salt, iterations);
        try {
            return expected.length == KEY_BYTES && MessageDigest.isEqual(actual, expected);
        } finally {
            Arrays.fill(actual, (byte) 0);
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
