package dev.lifeline.config;

import static dev.lifeline.config.ConfigTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** {@code sip.srtp} and {@code users[].srtp}. */
class SrtpConfigTest {
    @Test
    void defaultIsOptionalAndUsersMayOverride() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(MINIMAL, "s.yaml", simBoard());
        assertEquals(SrtpPolicy.OPTIONAL, c.sip().srtp());
        c = ConfigLoader.loadSite(MINIMAL + """
                sip: { srtp: off }
                users:
                  - { extension: "7000", password: "pw", srtp: mandatory }
                  - { extension: "7001", password: "pw" }
                """, "s.yaml", simBoard());
        assertEquals(SrtpPolicy.OFF, c.sip().srtp());
        assertEquals(SrtpPolicy.MANDATORY, c.users().get(0).srtp());
        assertNull(c.users().get(1).srtp(), "the site's");
        assertTrue(c.users().get(0).toString().contains("srtp=mandatory"));
    }

    @Test
    void unknownValuesAreRefusedWithTheirPlace() throws Exception {
        var errors = errors(() -> ConfigLoader.loadSite(MINIMAL + """
                sip: { srtp: maybe }
                users:
                  - { extension: "7000", password: "pw", srtp: "yes" }
                """, "s.yaml", simBoard()));
        assertHas(errors, "s.yaml", "sip.srtp", "not one of mandatory, off, optional");
        assertHas(errors, "s.yaml", "users[0].srtp", "not one of");
    }
}
