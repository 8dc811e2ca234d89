package dev.lifeline.config;

import static dev.lifeline.config.ConfigTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** {@code lines.<port>.upstream}: a line's identity at HQ, its secrets and its checks. */
class LineUpstreamConfigTest {
    private static final String SERVERS = "upstream: { servers: [ { host: hq.example.net } ], domain: hq.example.net }\n";

    private static String site(String fxs1, String fxs2) {
        return """
                site: s1
                gateway-id: gw1
                lines:
                  fxs1: %s
                  fxs2: %s
                  fxs3: { extension: "6002" }
                  fxs4: { extension: "6003" }
                """.formatted(fxs1, fxs2);
    }

    @Test
    void passwordAndHa1IdentitiesParseAndHideTheirSecrets() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(site(
                "{ extension: \"6000\", upstream: { user: \"branch42-6000\", password: s3cret-pw } }",
                "{ extension: \"6001\", upstream: { user: \"6001\", auth-user: acct6001, ha1-md5: 0123456789ABCDEF0123456789abcdef, realm: hq } }")
                + SERVERS, "s.yaml", simBoard());
        LineConfig.Upstream a = c.lines().get("fxs1").upstream();
        assertEquals(new LineConfig.Upstream("branch42-6000", "branch42-6000", "s3cret-pw", null, null), a);
        LineConfig.Upstream b = c.lines().get("fxs2").upstream();
        assertEquals("acct6001", b.authUser());
        assertEquals("0123456789abcdef0123456789abcdef", b.ha1Md5());
        assertEquals("hq", b.realm());
        assertNull(c.lines().get("fxs3").upstream());
        String printed = c.toString();
        assertFalse(printed.contains("s3cret-pw"), "password printed: " + printed);
        assertFalse(printed.contains("0123456789abcdef"), "HA1 printed: " + printed);
        assertTrue(printed.contains("branch42-6000"), "the user is not a secret");
    }

    @Test
    void anUpstreamIdentityNeedsServersCredentialsAndAValidUser() {
        var errors = errors(() -> ConfigLoader.loadSite(site(
                "{ extension: \"6000\", upstream: { user: \"bad user\", password: x } }",
                "{ extension: \"6001\", upstream: { user: \"6001\" } }"), "s.yaml", simBoard()));
        assertHas(errors, "s.yaml", "lines.fxs1.upstream.user", "'bad user' is not a valid SIP user part");
        assertHas(errors, "s.yaml", "lines.fxs2.upstream", "needs a password or ha1-md5 (with realm)");
        assertHas(errors, "s.yaml", "lines.fxs1.upstream", "needs upstream.servers");
        assertHas(errors, "s.yaml", "lines.fxs2.upstream", "needs upstream.servers");
        assertEquals(4, errors.size(), errors::toString);
    }

    @Test
    void ha1NeedsItsRealmAndNotBothKindsOfSecret() {
        var errors = errors(() -> ConfigLoader.loadSite(site(
                "{ extension: \"6000\", upstream: { user: \"6000\", ha1-md5: 0123456789abcdef0123456789abcdef } }",
                "{ extension: \"6001\", upstream: { user: \"6001\", password: p, ha1-md5: 0123456789abcdef0123456789abcdef, realm: r } }")
                + SERVERS, "s.yaml", simBoard()));
        assertHas(errors, "s.yaml", "lines.fxs1.upstream.realm", "is required with ha1-md5");
        assertHas(errors, "s.yaml", "lines.fxs2.upstream", "either password or ha1-md5, not both");
        assertEquals(2, errors.size(), errors::toString);
    }

    @Test
    void twoLinesCannotShareAnUpstreamUserNorTakeAnotherEndpointsExtension() {
        var errors = errors(() -> ConfigLoader.loadSite(site(
                "{ extension: \"6000\", upstream: { user: \"6002\", password: p } }",
                "{ extension: \"6001\", upstream: { user: \"shared\", password: p } }")
                .replace("fxs3: { extension: \"6002\" }", "fxs3: { extension: \"6002\", upstream: { user: shared, password: p } }")
                + SERVERS, "s.yaml", simBoard()));
        assertHas(errors, "s.yaml", "lines.fxs1.upstream.user", "another line's or user's extension");
        assertHas(errors, "s.yaml", "lines.fxs3.upstream.user", "upstream user shared is already used by line fxs2");
        assertEquals(2, errors.size(), errors::toString);
    }

    @Test
    void unknownKeysAreCaught() {
        var errors = errors(() -> ConfigLoader.loadSite(site(
                "{ extension: \"6000\", upstream: { user: \"6000\", pasword: p } }", "{ extension: \"6001\" }") + SERVERS,
                "s.yaml", simBoard()));
        assertHas(errors, "s.yaml", "lines.fxs1.upstream.pasword", "did you mean 'password'?");
    }
}
