package dev.lifeline.config;

import static dev.lifeline.config.ConfigTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** {@code tr069:}: the CWMP agent's ACS and connection-request server; absent means off. */
class Tr069ConfigTest {
    @Test
    void absentIsOffAndAFullSectionParsesWithoutPrintingPasswords() throws Exception {
        assertNull(ConfigLoader.loadSite(MINIMAL, "s.yaml", simBoard()).tr069());
        SiteConfig c = ConfigLoader.loadSite(MINIMAL + """
                tr069:
                  acs-url: https://acs.example.net:7548/cwmp
                  username: cpe1
                  password: acs-secret
                  periodic-inform-interval: 15m
                  connection-request: { host: 10.0.0.2, port: 7547, username: acs, password: cr-secret-9 }
                """, "s.yaml", simBoard());
        Tr069Config t = c.tr069();
        assertEquals("https://acs.example.net:7548/cwmp", t.acsUrl());
        assertEquals(900_000, t.periodicInformMs());
        assertEquals(new Tr069Config.ConnectionRequest("10.0.0.2", 7547, "acs", "cr-secret-9"), t.connectionRequest());
        assertFalse(t.toString().contains("acs-secret") || t.toString().contains("cr-secret-9"), t.toString());
        Tr069Config d = ConfigLoader.loadSite(MINIMAL + """
                tr069: { acs-url: "http://acs:80/", connection-request: { username: acs, password: cr-secret-9 } }
                """, "s.yaml", simBoard()).tr069();
        assertEquals(Tr069Config.DEFAULT_PERIODIC_INFORM_MS, d.periodicInformMs(), "one hour by default");
        assertEquals(7547, d.connectionRequest().port());
    }

    @Test
    void everyProblemIsReportedWithItsField() {
        var errors = errors(() -> ConfigLoader.loadSite(MINIMAL + """
                tr069:
                  acs-url: ftp://acs.example.net/
                  password: p
                  periodic-inform-interval: 5s
                  ca-file: /nonexistent/ca.pem
                  connection-request: { port: 70000, password: short }
                  perodic: 1
                """, "s.yaml", simBoard()));
        assertHas(errors, "s.yaml", "tr069.acs-url", "schemes: http, https");
        assertHas(errors, "s.yaml", "tr069.password", "a password needs a username");
        assertHas(errors, "s.yaml", "tr069.periodic-inform-interval", "must be between 30s");
        assertHas(errors, "s.yaml", "tr069.ca-file", "cannot read CA file");
        assertHas(errors, "s.yaml", "tr069.connection-request.port", "between 0 and 65535");
        assertHas(errors, "s.yaml", "tr069.connection-request.username", "is required");
        assertHas(errors, "s.yaml", "tr069.connection-request.password", "at least 8 characters");
        assertHas(errors, "s.yaml", "tr069.perodic", "unknown key");
        var missing = errors(() -> ConfigLoader.loadSite(MINIMAL + "tr069: { username: u }\n", "s.yaml", simBoard()));
        assertHas(missing, "s.yaml", "tr069.acs-url", "is required");
        assertHas(missing, "s.yaml", "tr069.connection-request", "is required");
    }
}
