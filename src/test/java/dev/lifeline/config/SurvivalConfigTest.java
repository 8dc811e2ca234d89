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
