package dev.lifeline.sip.upstream;

import dev.lifeline.config.Ha1;
import java.util.Optional;

/**
 * What the gateway knows to answer a digest challenge as one identity: a plaintext password
 * (answers any realm, MD5 and SHA-256) or precomputed HA1 hashes for one realm (answer only
 * that realm, and only the algorithms there is a hash for). Never printed.
 */
public final class DigestSecret {
    private final String username;
    private final String password;
    private final String realm;
    private final String ha1Md5;
    private final String ha1Sha256;

    private DigestSecret(String username, String password, String realm, String ha1Md5, String ha1Sha256) {
        this.username = username;
        this.password = password;
        this.realm = realm;
        this.ha1Md5 = ha1Md5;
        this.ha1Sha256 = ha1Sha256;
    }

    public static DigestSecret ofPassword(String username, String password) {
        return new DigestSecret(username, password, null, null, null);
    }

    /** Hashes for {@code realm}; either may be null (that algorithm then cannot be answered). */
    public static DigestSecret ofHa1(String username, String realm, String ha1Md5, String ha1Sha256) {
        return new DigestSecret(username, null, realm, ha1Md5, ha1Sha256);
    }

    /** A line's upstream identity from the site config (password, or MD5 HA1 for its realm). */
    public static DigestSecret forLine(dev.lifeline.config.LineConfig.Upstream u) {
        return u.password() != null ? ofPassword(u.authUser(), u.password()) : ofHa1(u.authUser(), u.realm(), u.ha1Md5(), null);
    }

    public String username() { return username; }

    /** HA1 for a challenge's realm and algorithm ("MD5", "SHA-256"), or empty when this secret cannot answer it. */
    public Optional<String> ha1(String algorithm, String challengeRealm) {
        boolean sha = "SHA-256".equals(algorithm);
        if (!sha && !"MD5".equals(algorithm)) return Optional.empty();
        if (password != null) {
            return Optional.of(sha ? Ha1.sha256(username, challengeRealm, password) : Ha1.md5(username, challengeRealm, password));
        }
        if (!realm.equals(challengeRealm)) return Optional.empty();
        return Optional.ofNullable(sha ? ha1Sha256 : ha1Md5);
    }

    @Override
    public String toString() {
        return "DigestSecret[" + username + (password != null ? ", password" : ", ha1 for realm " + realm) + "]";
    }
}
