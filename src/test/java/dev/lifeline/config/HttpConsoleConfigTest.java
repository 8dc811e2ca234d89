package dev.lifeline.config;

import static dev.lifeline.config.ConfigTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code management.http}: defaults, bounds, and the refusals that keep passwords out of the file. */
class HttpConsoleConfigTest {
    static final String ADMIN_HASH = "pbkdf2-sha256$310000$GjB+I1om+Av6zBuik9Vj2w$nnR5O8AtviG35RSDtXP4JQSk3nIWYsPwsjW2fohP8As";

    private static String site(String httpBody) {
        return MINIMAL + "management:\n  http:\n" + httpBody.indent(4);
    }

    @Test
    void defaultsWithOneAdmin() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(site("users: [ { name: root, role: admin, password-hash: \"" + ADMIN_HASH + "\" } ]"),
                "h.yaml", simBoard());
        HttpConsoleConfig h = c.management().http();
        assertEquals("127.0.0.1", h.host());
        assertEquals(8080, h.port());
        assertEquals(30 * 60_000, h.sessionIdleMs());
        assertEquals(32, h.maxSessions());
        assertEquals(16, h.maxLiveViews());
        assertEquals(WebUser.Role.ADMIN, h.users().get(0).role());
        assertFalse(h.users().get(0).toString().contains("pbkdf2"), "toString hides the hash");
        assertEquals("127.0.0.1", c.management().coapHost(), "CoAP keys keep their defaults");
    }

    @Test
    void everyKeyParses() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(site("""
                host: 127.0.0.2
                port: 0
                session-idle: 5m
                max-sessions: 4
                max-live-views: 2
                users:
                  - { name: root, role: admin, password-hash: "%s" }
                  - { name: desk, role: staff, password-hash: "%s" }
                """.formatted(ADMIN_HASH, ADMIN_HASH)), "h.yaml", simBoard());
        HttpConsoleConfig h = c.management().http();
        assertEquals(new HttpConsoleConfig("127.0.0.2", 0, h.users(), 300_000, 4, 2), h);
        assertEquals(WebUser.Role.STAFF, h.users().get(1).role());
    }

    @Test
    void beyondLoopbackTheConsoleNeedsHttps() {
        List<ConfigError> e = errors(() -> ConfigLoader.loadSite(site("""
                host: 0.0.0.0
                users:
                  - { name: root, role: admin, password-hash: "%s" }
                """.formatted(ADMIN_HASH)), "h.yaml", simBoard()));
        assertHas(e, "h.yaml", "management.http.host", "needs HTTPS: set cert-file and key-file");
        e = errors(() -> ConfigLoader.loadSite(site("""
                cert-file: /etc/hostname
                users:
                  - { name: root, role: admin, password-hash: "%s" }
                """.formatted(ADMIN_HASH)), "h.yaml", simBoard()));
        assertHas(e, "h.yaml", "management.http", "HTTPS needs both cert-file and key-file");
    }

    @Test
    void refusesPlaintextPasswordsBadHashesAndAMissingAdmin() {
        List<ConfigError> e = errors(() -> ConfigLoader.loadSite(site("""
                users:
                  - { name: desk, role: staff, password: "hunter22", password-hash: "%s" }
                """.formatted(ADMIN_HASH)), "h.yaml", simBoard()));
        assertHas(e, "h.yaml", "management.http.users[0].password", "plaintext passwords are not accepted");

        e = errors(() -> ConfigLoader.loadSite(site("""
                users:
                  - { name: root, role: admin, password-hash: "md5$abc" }
                  - { name: few, role: admin, password-hash: "pbkdf2-sha256$1000$GjB+I1om+Av6zBuik9Vj2w$nnR5O8AtviG35RSDtXP4JQSk3nIWYsPwsjW2fohP8As" }
                  - { name: "bad name", role: boss, password-hash: "%s" }
                """.formatted(ADMIN_HASH)), "h.yaml", simBoard()));
        assertHas(e, "h.yaml", "management.http.users[0].password-hash", "hash-password");
        assertHas(e, "h.yaml", "management.http.users[1].password-hash", "iterations must be between 100000");
        assertHas(e, "h.yaml", "management.http.users[2].name", "1-32 letters");
        assertHas(e, "h.yaml", "management.http.users[2].role", "not one of");

        e = errors(() -> ConfigLoader.loadSite(site("""
                port: 70000
                users:
                  - { name: desk, role: staff, password-hash: "%s" }
                  - { name: desk, role: staff, password-hash: "%s" }
                """.formatted(ADMIN_HASH, ADMIN_HASH)), "h.yaml", simBoard()));
        assertHas(e, "h.yaml", "management.http.port", "between 0 and 65535");
        assertHas(e, "h.yaml", "management.http.users[1]", "appears twice");

        e = errors(() -> ConfigLoader.loadSite(site("users:\n  - { name: desk, role: staff, password-hash: \"" + ADMIN_HASH + "\" }"),
                "h.yaml", simBoard()));
        assertHas(e, "h.yaml", "management.http.users", "at least one user with role: admin");

        e = errors(() -> ConfigLoader.loadSite(site("port: 8080"), "h.yaml", simBoard()));
        assertHas(e, "h.yaml", "management.http.users", "is required");
    }
}
