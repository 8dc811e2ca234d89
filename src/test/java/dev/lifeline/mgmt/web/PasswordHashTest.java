package dev.lifeline.mgmt.web;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.ConfigLoader;
import dev.lifeline.config.WebUser;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PasswordHashTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void hashesVerifyOnlyTheirOwnPassword() {
        String h = PasswordHash.hash("correct horse".toCharArray(), WebUser.MIN_ITERATIONS, RANDOM);
        assertTrue(WebUser.HASH.matcher(h).matches(), h);
        assertTrue(h.startsWith("pbkdf2-sha256$100000$"), h);
        assertTrue(PasswordHash.verify("correct horse".toCharArray(), h));
        assertFalse(PasswordHash.verify("correct hors".toCharArray(), h));
        assertFalse(PasswordHash.verify("Correct horse".toCharArray(), h));
        assertFalse(PasswordHash.verify(new char[0], h));
    }

    @Test
    void saltMakesEveryHashDifferent() {
        String a = PasswordHash.hash("same".toCharArray(), WebUser.MIN_ITERATIONS, RANDOM);
        String b = PasswordHash.hash("same".toCharArray(), WebUser.MIN_ITERATIONS, RANDOM);
        assertNotEquals(a, b);
        assertTrue(PasswordHash.verify("same".toCharArray(), a) && PasswordHash.verify("same".toCharArray(), b));
    }

    @Test
    void malformedOrWeakHashesNeverVerify() {
        String good = PasswordHash.hash("pw".toCharArray(), WebUser.MIN_ITERATIONS, RANDOM);
        String[] parts = good.split("\\$");
        assertFalse(PasswordHash.verify("pw".toCharArray(), null));
        assertFalse(PasswordHash.verify("pw".toCharArray(), ""));
        assertFalse(PasswordHash.verify("pw".toCharArray(), "pw"));
        assertFalse(PasswordHash.verify("pw".toCharArray(), "pbkdf2-sha1$" + parts[1] + "$" + parts[2] + "$" + parts[3]));
        assertFalse(PasswordHash.verify("pw".toCharArray(), parts[0] + "$1000$" + parts[2] + "$" + parts[3]), "too few iterations");
        assertFalse(PasswordHash.verify("pw".toCharArray(), parts[0] + "$" + parts[1] + "$" + parts[2] + "$" + parts[3].substring(4)),
                "truncated key");
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.hash("pw".toCharArray(), 99_999, RANDOM));
    }

    /** The demo logins that README and operations.md give are the ones in demo.yaml. */
    @Test
    void demoPasswordsMatchTheDemoConfig() throws Exception {
        Path home = Path.of(System.getProperty("lifeline.project.dir", "."));
        BoardProfile board = ConfigLoader.loadBoard(home.resolve("board-profiles/sim-4fxs-2fxo.yaml"));
        Map<String, String> hashes = ConfigLoader.loadSite(home.resolve("site-configs/demo.yaml"), board).management().http()
                .users().stream().collect(Collectors.toMap(WebUser::name, WebUser::passwordHash));
        assertTrue(PasswordHash.verify("lifeline-admin".toCharArray(), hashes.get("admin")));
        assertTrue(PasswordHash.verify("lifeline-staff".toCharArray(), hashes.get("staff")));
        assertFalse(PasswordHash.verify("lifeline-admin".toCharArray(), hashes.get("staff")));
    }
}
