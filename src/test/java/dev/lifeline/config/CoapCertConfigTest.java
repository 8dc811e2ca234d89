package dev.lifeline.config;

import static dev.lifeline.config.ConfigTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code management.coap-cert-file} and friends: all or nothing, a private key only its owner reads, roles admin or viewer. */
class CoapCertConfigTest {
    @TempDir Path dir;

    private static String site(String management) { return MINIMAL + "management:\n" + management.indent(2); }

    @Test
    void readsTheCertificatesAndRolesAndTurnsDtlsOn() throws Exception {
        Path cert = Files.writeString(dir.resolve("gw.pem"), "x"), ca = Files.writeString(dir.resolve("ca.pem"), "x");
        Path key = Files.writeString(dir.resolve("gw.key"), "x");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        SiteConfig s = ConfigLoader.loadSite(site("""
                coap-psk: off
                coap-cert-file: %s
                coap-key-file: %s
                coap-client-ca: %s
                coap-client-roles: { ops-admin: admin, "NMS poller": viewer }
                """.formatted(cert, key, ca)), "c.yaml", simBoard());
        ManagementConfig m = s.management();
        assertEquals(Map.of("ops-admin", "admin", "NMS poller", "viewer"), m.coapCert().clientRoles());
        assertFalse(m.coapPsk());
        assertTrue(m.dtls(), "certificates mean DTLS, even on loopback");
        assertTrue(ConfigLoader.loadSite(MINIMAL, "c.yaml", simBoard()).management().coapPsk(), "pre-shared keys on by default");
    }

    @Test
    void refusesHalfAConfigurationAnExposedKeyAndUnknownRoles() throws Exception {
        Path cert = Files.writeString(dir.resolve("gw.pem"), "x");
        Path key = Files.writeString(dir.resolve("gw.key"), "x");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        List<ConfigError> e = errors(() -> ConfigLoader.loadSite(site("""
                coap-cert-file: %s
                coap-key-file: %s
                coap-client-roles: { ops-admin: root }
                """.formatted(cert, key)), "c.yaml", simBoard()));
        assertHas(e, "c.yaml", "management.coap-client-ca", "is required");
        assertHas(e, "c.yaml", "management.coap-key-file", "readable by everyone");
        assertHas(e, "c.yaml", "management.coap-client-roles.ops-admin", "admin");
        e = errors(() -> ConfigLoader.loadSite(site("coap-psk: off\n"), "c.yaml", simBoard()));
        assertHas(e, "c.yaml", "management.coap-psk", "needs certificates");
    }
}
