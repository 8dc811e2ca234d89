package dev.lifeline.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Digest-auth HA1 = H(user:realm:password) (RFC 7616). The registrar only ever needs HA1, so
 * a configured password is hashed at load time and the plaintext is dropped.
 */
public final class Ha1 {
    private Ha1() {}

    public static String md5(String user, String realm, String password) { return hash("MD5", user, realm, password); }

    public static String sha256(String user, String realm, String password) { return hash("SHA-256", user, realm, password); }

    private static String hash(String alg, String user, String realm, String password) {
        return hex(alg, user + ":" + realm + ":" + password);
    }

    /** Lower-case hex digest of the UTF-8 bytes of {@code s}: the H() of RFC 7616 (MD5, SHA-256). */
    public static String hex(String alg, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(alg + " is part of every JDK", e);
        }
    }
}
