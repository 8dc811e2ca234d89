package dev.lifeline.config;

import static dev.lifeline.config.ConfigTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code hunt-groups} and {@code services.pickup-groups}: what the demo site has, and clear errors. */
class HuntGroupConfigTest {
    @Test
    void theDemoSiteHasAHuntGroupAndAPickupGroup() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(DEMO_SITE, simBoard());
        HuntGroup h = c.huntGroups().get(0);
        assertEquals(new HuntGroup("6100", HuntGroup.Strategy.LINEAR, List.of("6001", "6002", "7000"), 15_000, "6003"), h);
        assertEquals(Set.of("6001", "6002", "7000"), c.services().pickupPeers("6000"));
        assertEquals(Set.of(), c.services().pickupPeers("6003"));
        assertEquals(ServicesConfig.Feature.PICKUP, c.services().feature("*8").orElseThrow().getKey());
        assertEquals("6001", c.services().feature("**6001").orElseThrow().getValue());
        DigitMap map = c.dialPlan().digitMap();
        assertEquals(DigitMap.Result.COMPLETE_MAY_EXTEND, map.match("*8"), "*8 then # (or the inter-digit timer)");
        assertEquals(DigitMap.Result.COMPLETE, map.match("**6001"));
    }

    @Test
    void defaultsAndAPilotAsAnFxoRingTargetAndDid() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(MINIMAL + """
                hunt-groups:
                  - { pilot: "6100", members: ["6000"] }
                trunks: { fxo: { ports: [fxo1], ring: ["6100"] } }
                """, "site.yaml", simBoard());
        HuntGroup h = c.huntGroups().get(0);
        assertEquals(HuntGroup.Strategy.LINEAR, h.strategy());
        assertEquals(HuntGroup.DEFAULT_MEMBER_TIMEOUT_MS, h.memberTimeoutMs());
        assertNull(h.overflow());
        assertEquals(List.of("6100"), c.trunks().fxo().ring());
    }

    @Test
    void errorsNameTheFieldAndSayWhy() {
        var errors = errors(() -> ConfigLoader.loadSite(MINIMAL + """
                hunt-groups:
                  - { pilot: "6000", strategy: random, members: ["6009", "6000"] }
                  - { pilot: "6100", members: [], overflow: "6100", member-timeout: 1s }
                  - { pilot: "6100", members: ["6100"] }
                services:
                  pickup-groups:
                    a: ["6000", "6100"]
                    b: ["6000"]
                """, "site.yaml", simBoard()));
        assertHas(errors, "site.yaml", "hunt-groups[0].pilot", "duplicate extension 6000");
        assertHas(errors, "site.yaml", "hunt-groups[0].strategy", "random");
        assertHas(errors, "site.yaml", "hunt-groups[0].members[0]", "'6009' is not a line or SIP user");
        assertHas(errors, "site.yaml", "hunt-groups[1].members", "at least one member");
        assertHas(errors, "site.yaml", "hunt-groups[1].overflow", "would loop");
        assertHas(errors, "site.yaml", "hunt-groups[1].member-timeout", "");
        assertHas(errors, "site.yaml", "hunt-groups[2].pilot", "duplicate extension 6100");
        assertHas(errors, "site.yaml", "services.pickup-groups.a[1]", "'6100' is not a line or SIP user");
        assertHas(errors, "site.yaml", "services.pickup-groups.b[0]", "already in pickup group a");
    }
}
