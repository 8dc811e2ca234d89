package dev.lifeline.config;

import static dev.lifeline.config.ConfigTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** {@code upstream.invite-timeout}, {@code register-timeout} and {@code suspend}: defaults 3 s, 4 s, 10 s. */
class UpstreamTimeoutsConfigTest {
    private static final String HQ = "upstream: { servers: [ { host: hq.example.net } ]";

    @Test
    void defaultsAreTheOldConstants() throws Exception {
        UpstreamConfig up = ConfigLoader.loadSite(MINIMAL + HQ + " }\n", "s.yaml", simBoard()).upstream();
        assertEquals(3_000, up.inviteTimeoutMs());
        assertEquals(4_000, up.registerTimeoutMs());
        assertEquals(10_000, up.suspendMs());
    }

    @Test
    void settingsParse() throws Exception {
        UpstreamConfig up = ConfigLoader.loadSite(MINIMAL + HQ
                + ", invite-timeout: 1500ms, register-timeout: 2s, suspend: 30s }\n", "s.yaml", simBoard()).upstream();
        assertEquals(1_500, up.inviteTimeoutMs());
        assertEquals(2_000, up.registerTimeoutMs());
        assertEquals(30_000, up.suspendMs());
    }

    @Test
    void outOfRangeIsReported() {
        var errors = errors(() -> ConfigLoader.loadSite(MINIMAL + HQ
                + ", invite-timeout: 10ms, register-timeout: 5m }\n", "s.yaml", simBoard()));
        assertTrue(errors.stream().anyMatch(e -> e.toString().contains("upstream.invite-timeout")), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.toString().contains("upstream.register-timeout")), errors::toString);
        assertEquals(2, errors.size(), errors::toString);
    }
}
