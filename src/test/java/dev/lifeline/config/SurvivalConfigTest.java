package dev.lifeline.config;

import static dev.lifeline.config.ConfigTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SurvivalConfigTest {
    @Test
    void defaultsWhenAbsent() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(MINIMAL, "min.yaml", simBoard());
        assertEquals(new SurvivalConfig(1_000, 3, 500, 30_000), c.survival());
        assertEquals(SurvivalConfig.DEFAULTS, c.survival());
        assertEquals(3_500, c.survival().detectionBudgetMs());
        assertEquals(SurvivalConfig.DEFAULTS, ConfigLoader.loadSite(DEMO_SITE, simBoard()).survival());
    }

    @Test
    void settingsParse() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(MINIMAL + """
                survival: { probe-interval: 2s, probe-misses: 4, probe-timeout: 800ms, hold-down: 1m }
                """, "s.yaml", simBoard());
        assertEquals(new SurvivalConfig(2_000, 4, 800, 60_000), c.survival());
        assertEquals(120, c.survival().registerExpires(), "survival.register-expires defaults to 120 s");
    }

    @Test
    void survivalRegisterExpiresParsesAndIsBounded() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(MINIMAL + "survival: { register-expires: 300 }\n", "s.yaml", simBoard());
        assertEquals(300, c.survival().registerExpires());
        var errors = errors(() -> ConfigLoader.loadSite(MINIMAL + "survival: { register-expires: 5 }\n", "s.yaml", simBoard()));
        assertHas(errors, "s.yaml", "survival.register-expires", "between 10 and 86400");
    }

    @Test
    void upstreamAdvertiseIsHostOrHostPort() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(MINIMAL
                + "upstream: { servers: [ { host: hq.example.net } ], advertise: \"203.0.113.7:5080\" }\n", "s.yaml", simBoard());
        assertEquals("203.0.113.7:5080", c.upstream().advertise());
        var errors = errors(() -> ConfigLoader.loadSite(MINIMAL
                + "upstream: { servers: [ { host: hq.example.net } ], advertise: \"sip:gw;lr\" }\n", "s.yaml", simBoard()));
        assertHas(errors, "s.yaml", "upstream.advertise", "must be host or host:port");
    }

    @Test
    void badSettingsAreReported() {
        var errors = errors(() -> ConfigLoader.loadSite(MINIMAL + """
                survival: { probe-interval: 1s, probe-timeout: 1s, probe-misses: 0, hold-dwn: 5s }
                """, "s.yaml", simBoard()));
        assertHas(errors, "s.yaml", "survival.probe-timeout", "must be shorter than probe-interval (1s)");
        assertHas(errors, "s.yaml", "survival.probe-misses", "between 1 and 20");
        assertHas(errors, "s.yaml", "survival.hold-dwn", "did you mean 'hold-down'?");
        assertEquals(3, errors.size(), errors::toString);
    }
}
