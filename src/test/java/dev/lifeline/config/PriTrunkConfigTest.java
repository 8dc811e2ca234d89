package dev.lifeline.config;

import static dev.lifeline.config.ConfigTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The E1 board profile and the site's {@code trunks.pri} section: what loads, what is refused and why. */
class PriTrunkConfigTest {
    private static BoardProfile e1Board() throws ConfigException {
        return ConfigLoader.loadBoard(PROJECT.resolve("board-profiles/sim-4fxs-2fxo-1e1.yaml"));
    }

    @Test
    void theE1BoardHasOneUserSideSpanWithThirtyBearers() throws Exception {
        SpanDef span = e1Board().span("e1a").orElseThrow();
        assertEquals("pri-cpe", span.signalling());
        assertFalse(span.networkSide());
        assertEquals(30, span.bearers().size());
        assertFalse(span.bearers().contains(16), "16 is the D-channel");
        assertEquals(List.of(1, 15, 17, 31), List.of(span.bearers().get(0), span.bearers().get(14), span.bearers().get(15),
                span.bearers().get(29)));
    }

    @Test
    void timeslot16AsABearerIsRefusedNamingTheField() {
        var errors = errors(() -> ConfigLoader.loadBoard("""
                board: b
                driver: sim
                ports: []
                spans: [ { id: e1a, type: e1, timeslots: 1-31 } ]
                """, "e1.yaml"));
        assertHas(errors, "e1.yaml", "spans[0].timeslots", "timeslot 16 carries the D-channel");
    }

    @Test
    void theDemoE1SiteLoadsWithItsDidsAndRoutes() throws Exception {
        SiteConfig site = ConfigLoader.loadSite(PROJECT.resolve("site-configs/demo-e1.yaml"), e1Board());
        TrunksConfig.PriTrunk pri = site.trunks().pri("e1a").orElseThrow();
        assertEquals("5555550200", pri.number());
        assertEquals(Map.of("5555550201", "6001", "5555550270", "7000"), pri.dids());
        assertEquals(Optional.of("6001"), pri.extensionFor("5555550201", e -> false), "table first");
        assertEquals(Optional.of("6002"), pri.extensionFor("5555556002", e -> e.equals("6002")), "then the last 4 digits");
        assertEquals(Optional.empty(), pri.extensionFor("5555559999", e -> false), "else unallocated");
        assertTrue(site.dialPlan().routes().stream().anyMatch(r -> r.via().contains("span:e1a")));
        assertEquals("network-wins", pri.glare(), "Q.931's glare rule unless configured");
    }

    @Test
    void aPriTrunkOnAMissingSpanOrToAnUnknownExtensionIsRefused() throws Exception {
        BoardProfile board = e1Board();
        var errors = errors(() -> ConfigLoader.loadSite(MINIMAL + """
                trunks:
                  pri:
                    - { span: e1b, number: "+4930" }
                    - { span: e1a, glare: loser-wins, dids: { "5550100": "6999", "55x": "6000" } }
                """, "site.yaml", board));
        assertHas(errors, "site.yaml", "trunks.pri[0].span", "'e1b' is not a span of board sim-4fxs-2fxo-1e1 (spans: e1a)");
        assertHas(errors, "site.yaml", "trunks.pri[0].number", "no '+'");
        assertHas(errors, "site.yaml", "trunks.pri[1].dids.5550100", "'6999' is not an extension");
        assertHas(errors, "site.yaml", "trunks.pri[1].dids.55x", "a DID is the called number's digits");
        assertHas(errors, "site.yaml", "trunks.pri[1].glare", "network-wins");
    }
}
