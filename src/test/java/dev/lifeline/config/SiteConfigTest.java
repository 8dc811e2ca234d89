package dev.lifeline.config;

import static dev.lifeline.config.ConfigTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class SiteConfigTest {
    @Test
    void demoLoads() throws Exception {
        BoardProfile board = simBoard();
        SiteConfig c = ConfigLoader.loadSite(DEMO_SITE, board);
        assertEquals("demo-branch", c.site());
        assertEquals("gw-demo", c.gatewayId());
        assertEquals("us", c.effectiveToneZone(board));
        assertEquals(List.of("fxs1", "fxs2", "fxs3", "fxs4"), List.copyOf(c.lines().keySet()));
        assertEquals("Store room", c.lineByExtension("6002").orElseThrow().name());
        assertEquals("fxs4", c.lineByExtension("6003").orElseThrow().port());
        assertEquals(10, c.users().size());
        SipUser u = c.userByExtension("7003").orElseThrow();
        assertEquals("7003", u.authUser());
        assertEquals(Ha1.md5("7003", "demo-branch", "lifeline7003"), u.ha1Md5());
        assertEquals(Ha1.sha256("7003", "demo-branch", "lifeline7003"), u.ha1Sha256());
        assertEquals("127.0.0.1", c.sip().listenHost());
        assertEquals(5060, c.sip().udpPort());
        assertEquals(5060, c.sip().tcpPort());
        assertEquals("demo-branch", c.sip().realm());
        assertEquals(DialPlan.DEFAULT_DIGIT_MAP, c.dialPlan().digitMap().toString());
        assertEquals(4_000, c.dialPlan().interDigitTimeoutMs());
        assertEquals("+15555550100", c.dialPlan().normalize("05555550100"));
        assertEquals(List.of("hq", "fxo"), c.dialPlan().route("+15555550100").orElseThrow().via());
        assertEquals(List.of("local"), c.dialPlan().route("6001").orElseThrow().via());
        assertEquals(List.of("911"), c.emergency());
        assertEquals(List.of("fxo1", "fxo2"), c.trunks().fxo().ports());
        assertEquals("0", c.trunks().fxo().outsidePrefix());
        assertEquals("+15555550100", c.trunks().fxo().number());
        assertEquals("127.0.0.1", c.management().coapHost());
        assertEquals(5683, c.management().coapPort());
        HttpConsoleConfig http = c.management().http();
        assertEquals("127.0.0.1", http.host(), "the demo console is on loopback");
        assertEquals(8080, http.port());
        assertEquals(List.of("admin", "staff"), http.users().stream().map(WebUser::name).toList());
        assertEquals(List.of(WebUser.Role.ADMIN, WebUser.Role.STAFF), http.users().stream().map(WebUser::role).toList());
        assertTrue(c.upstream().isEmpty());
        assertNull(c.controller());
        assertEquals(AnalogConfig.DEFAULTS, c.analog());
        assertEquals(90, c.storage().cdrRetainDays());

        SiteConfig eu = ConfigLoader.loadSite(DEMO_EU_SITE, board);
        assertEquals("eu", eu.effectiveToneZone(board));
        assertNull(eu.management().http(), "no management.http: no web console");
    }

    @Test
    void defaultsApply() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(MINIMAL, "min.yaml", simBoard());
        assertNull(c.toneZone());
        assertEquals("us", c.effectiveToneZone(simBoard()));
        assertEquals(new SipConfig("0.0.0.0", 5060, 5060, "s1", 60, 3600, 3600, 5, 60_000, 300_000), c.sip());
        assertEquals(10_000, c.dialPlan().firstDigitTimeoutMs());
        assertEquals(TrunksConfig.NONE, c.trunks());
        assertTrue(c.trunks().fxo().isEmpty());
        assertTrue(c.users().isEmpty());
        assertTrue(c.emergency().isEmpty());
        assertEquals(ManagementConfig.DEFAULTS, c.management());
        assertEquals("6000", c.dialPlan().normalize("6000"));
    }

    @Test
    void fullerSectionsParse() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(MINIMAL + """
                analog: { flash-min: 80, flash-max: 500ms, hangup: 1s, ring-timeout: 2m, caller-id-format: sdmf }
                sip: { realm: branch.example, auth-window: 30s, min-expires: 30 }
                users:
                  - { extension: "7000", auth-user: frontdesk, ha1-md5: 0123456789ABCDEF0123456789abcdef }
                upstream:
                  servers:
                    - { host: hq2.example.net, priority: 2, transport: tcp }
                    - { host: hq1.example.net, port: 5070, priority: 1 }
                controller: { url: "tcp://127.0.0.1:1883", username: gw1, password: s3cret }
                storage: { cdr-retain-days: 30 }
                """, "full.yaml", simBoard());
        assertEquals(new AnalogConfig(80, 500, 1000, 120_000, 20_000, true, "sdmf"), c.analog());
        assertEquals(30_000, c.sip().authWindowMs());
        SipUser u = c.users().get(0);
        assertEquals("frontdesk", u.authUser());
        assertEquals("0123456789abcdef0123456789abcdef", u.ha1Md5());
        assertNull(u.ha1Sha256());
        assertEquals("hq1.example.net", c.upstream().servers().get(0).host());
        assertEquals(5070, c.upstream().servers().get(0).port());
        assertEquals(new UpstreamConfig.Server("hq2.example.net", 5060, UpstreamConfig.Transport.TCP, 2), c.upstream().servers().get(1));
        assertEquals("s3cret", c.controller().password());
        assertFalse(c.controller().toString().contains("s3cret"));
        assertEquals(30, c.storage().cdrRetainDays());
    }

    @Test
    void badSiteReportsEveryProblem() throws Exception {
        String yaml = """
                site: s1
                gateway-id: gw1
                colour: blue
                lines:
                  fxs1: { extension: "6000" }
                  fxs2: { extension: "6000" }
                  fxs3: { extension: "6002" }
                  fxs9: { extension: "6009" }
                  fxo1: { extension: "6010" }
                users:
                  - { extension: "6002", password: x }
                  - { extension: "12a", password: y }
                  - { extension: "7001" }
                dial-plan:
                  digit-map: "[6-7]xxx|91q"
                  inter-digit-timout: 4s
                  first-digit-timeout: soon
                  normalize:
                    - { match: "^0(\\\\d{10}", replace: "+1$1" }
                    - { match: "^0(\\\\d{10})$", replace: "+1$2" }
                  routes:
                    - { match: "^6", via: [locl] }
                analog: { flash-max: 800ms }
                emergency: ["911", "9x1"]
                trunks: { fxo: { ports: [fxo1, fxs1] } }
                upstream: { servers: [ { host: hq, transport: sctp } ] }
                management: { coap-port: 70000 }
                """;
        var errors = errors(() -> ConfigLoader.loadSite(yaml, "site.yaml", simBoard()));
        assertHas(errors, "site.yaml", "colour", "unknown key");
        assertHas(errors, "site.yaml", "lines.fxs2.extension", "duplicate extension 6000 (already used by lines.fxs1.extension)");
        assertHas(errors, "site.yaml", "lines.fxs9", "no such port on board sim-4fxs-2fxo (ports: fxs1, fxs2, fxs3, fxs4, fxo1, fxo2)");
        assertHas(errors, "site.yaml", "lines.fxo1", "only FXS ports have lines");
        assertHas(errors, "site.yaml", "lines.fxs4", "has no line; every FXS port needs an extension");
        assertHas(errors, "site.yaml", "users[0].extension", "duplicate extension 6002");
        assertHas(errors, "site.yaml", "users[1].extension", "not a valid extension");
        assertHas(errors, "site.yaml", "users[2]", "needs a password or ha1-md5/ha1-sha256");
        assertHas(errors, "site.yaml", "dial-plan.digit-map", "position 12: unexpected 'q'");
        assertHas(errors, "site.yaml", "dial-plan.inter-digit-timout", "unknown key, did you mean 'inter-digit-timeout'?");
        assertHas(errors, "site.yaml", "dial-plan.first-digit-timeout", "expected a duration like 500ms");
        assertHas(errors, "site.yaml", "dial-plan.normalize[0].match", "bad regular expression '^0(\\d{10}': Unclosed group");
        assertHas(errors, "site.yaml", "dial-plan.normalize[1].replace", "refers to group $2 but the match has only 1 group(s)");
        assertHas(errors, "site.yaml", "dial-plan.routes[0].via[0]", "unknown destination 'locl'");
        assertHas(errors, "site.yaml", "analog.hangup", "must be longer than flash-max (800ms)");
        assertHas(errors, "site.yaml", "emergency[1]", "digits only");
        assertHas(errors, "site.yaml", "trunks.fxo.ports[1]", "'fxs1' is not an FXO port");
        assertHas(errors, "site.yaml", "upstream.servers[0].transport", "'sctp' is not one of tcp, tls, udp");
        assertHas(errors, "site.yaml", "management.coap-port", "between 0 and 65535");
        assertEquals(19, errors.size(), () -> String.join("\n", errors.stream().map(ConfigError::toString).toList()));
    }

    /** An HQ server over TLS needs the gateway's own TLS (HQ comes back along a TLS Path); 5061 by default. */
    @Test
    void sipOverTlsAndTlsUpstreams(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String hq = "upstream: { servers: [ { host: hq.example.net, transport: tls } ] }\n";
        var errors = errors(() -> ConfigLoader.loadSite(MINIMAL + hq, "t.yaml", simBoard()));
        assertHas(errors, "t.yaml", "upstream", "servers with transport: tls need sip.tls (the gateway's certificate and TLS listener)");

        java.nio.file.Path cert = java.nio.file.Files.writeString(dir.resolve("gw.crt"), "x");
        java.nio.file.Path key = java.nio.file.Files.writeString(dir.resolve("gw.key"), "x");
        java.nio.file.Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        SiteConfig c = ConfigLoader.loadSite(MINIMAL + hq + "sip: { tls: { cert-file: \"" + cert + "\", key-file: \"" + key + "\" } }\n",
                "t.yaml", simBoard());
        assertEquals(new UpstreamConfig.Server("hq.example.net", 5061, UpstreamConfig.Transport.TLS, 1), c.upstream().servers().get(0));
        assertEquals(new SipTlsConfig(5061, cert.toString(), key.toString(), null), c.sip().tls());

        var missing = errors(() -> ConfigLoader.loadSite(MINIMAL + "sip: { tls: { port: 5062, ca-file: /nonexistent/ca.pem } }\n",
                "m.yaml", simBoard()));
        assertHas(missing, "m.yaml", "sip.tls.cert-file", "is required");
        assertHas(missing, "m.yaml", "sip.tls.key-file", "is required");
        assertHas(missing, "m.yaml", "sip.tls.ca-file", "cannot read CA file /nonexistent/ca.pem");
    }

    @Test
    void emergencyMustBeDiallable() {
        var errors = errors(() -> ConfigLoader.loadSite(MINIMAL + """
                dial-plan: { digit-map: "[6-7]xxx|0x." }
                emergency: ["112"]
                users: [ { extension: "112", password: pw } ]
                """, "e.yaml", simBoard()));
        assertHas(errors, "e.yaml", "emergency[0]", "emergency number 112 cannot be dialled from analog phones with digit map '[6-7]xxx|0x.'");
        assertHas(errors, "e.yaml", "users[0].extension", "extension 112 is also an emergency number");
    }

    @Test
    void errorFormat() {
        ConfigError e = new ConfigError("site.yaml", "lines.fxs9", "no such port on board sim-4fxs-2fxo (ports: fxs1)");
        assertEquals("site.yaml: lines.fxs9: no such port on board sim-4fxs-2fxo (ports: fxs1)", e.toString());
        ConfigException ex = new ConfigException(List.of(e, new ConfigError("site.yaml", "", "x")));
        assertEquals(e + "\nsite.yaml: x", ex.getMessage());
    }

    @Test
    void missingRequiredAndBadDuration() {
        var errors = errors(() -> ConfigLoader.loadSite("""
                lines: { fxs1: { extension: "6000" }, fxs2: { extension: "6001" }, fxs3: { extension: "6002" }, fxs4: { extension: "6003" } }
                analog: { ring-timeout: 1s }
                sip: { udp-port: -1 }
                """, "s.yaml", simBoard()));
        assertHas(errors, "s.yaml", "site", "is required");
        assertHas(errors, "s.yaml", "gateway-id", "is required");
        assertHas(errors, "s.yaml", "analog.ring-timeout", "must be between 5s and 10m, got 1s");
        assertHas(errors, "s.yaml", "sip.udp-port", "between 1 and 65535");
    }

    @Test
    void fxoRingDefaultsToTheFirstLineAndMustNameExtensions() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(MINIMAL + "trunks: { fxo: { ports: [fxo1] } }\n", "s.yaml", simBoard());
        assertEquals(List.of("6000"), c.trunks().fxo().ring());
        assertFalse(c.trunks().fxo().polarityDisconnect());
        c = ConfigLoader.loadSite(MINIMAL + "trunks: { fxo: { ports: [fxo1], ring: [\"6002\", \"6001\"], polarity-disconnect: true } }\n",
                "s.yaml", simBoard());
        assertEquals(List.of("6002", "6001"), c.trunks().fxo().ring());
        assertTrue(c.trunks().fxo().polarityDisconnect());
        var errors = errors(() -> ConfigLoader.loadSite(MINIMAL + "trunks: { fxo: { ports: [fxo1], ring: [\"6009\", \"6000\", \"6000\"] } }\n",
                "s.yaml", simBoard()));
        assertHas(errors, "s.yaml", "trunks.fxo.ring[0]", "'6009' is not an extension of this site");
        assertHas(errors, "s.yaml", "trunks.fxo.ring[2]", "listed twice");
        assertEquals(2, errors.size());
    }

    @Test
    void yamlSyntaxErrorHasLine() {
        var errors = errors(() -> ConfigLoader.loadSite("site: s1\ngateway-id: gw1\nlines: { fxs1: \n  - [\n", "broken.yaml", simBoard()));
        assertEquals(1, errors.size());
        assertEquals("broken.yaml", errors.get(0).file());
        assertTrue(errors.get(0).message().matches("YAML syntax error at line \\d+, column \\d+: .*"), errors.get(0)::toString);
    }

    @Test
    void topLevelMustBeAMapping() {
        var errors = errors(() -> ConfigLoader.loadSite("- a\n- b\n", "list.yaml", simBoard()));
        assertTrue(errors.get(0).message().contains("must be a mapping"));
    }

    @Test
    void passwordsAreNotKept() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(DEMO_SITE, simBoard());
        String all = c.toString();
        for (int i = 0; i < 10; i++) assertFalse(all.contains("lifeline700" + i), "password leaked into toString");
        assertFalse(all.contains(c.users().get(0).ha1Md5()), "HA1 leaked into toString");
        for (SipUser u : c.users()) {
            assertFalse(u.toString().contains("lifeline"));
        }
    }
}
