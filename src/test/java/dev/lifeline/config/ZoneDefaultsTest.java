package dev.lifeline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.config.ServicesConfig.Feature;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The feature codes and digit map a site gets from its tone zone when it names none. */
class ZoneDefaultsTest {
    private static SiteConfig site(String extra) throws Exception {
        return ConfigLoader.loadSite(ConfigTestSupport.MINIMAL + extra, "site.yaml", ConfigTestSupport.simBoard());
    }

    private static Map.Entry<Feature, String> feature(SiteConfig s, String dialled) {
        return s.services().feature(dialled).orElseThrow(() -> new AssertionError("no feature for " + dialled));
    }

    @Test
    void aUsSiteGetsTheVerticalServiceCodes() throws Exception {
        SiteConfig s = site("tone-zone: us\n");
        assertEquals(Map.entry(Feature.CFU_ON, "6002"), feature(s, "*726002"));
        assertEquals(Feature.DND_ON, feature(s, "*78").getKey());
        assertTrue(s.services().feature("*21*6002").isEmpty(), "no ETSI codes in the us zone");
        assertEquals(DigitMap.Result.COMPLETE, s.dialPlan().digitMap().match("911"));
    }

    @Test
    void aEuropeanSiteGetsTheEtsiCodesAndADigitMapThatDialsThem() throws Exception {
        for (String zone : new String[] {"de", "uk", "fr", "eu"}) {
            SiteConfig s = site("tone-zone: " + zone + "\n");
            assertEquals(Map.entry(Feature.CFU_ON, "6002"), feature(s, "*21*6002"), zone);
            assertEquals(Map.entry(Feature.CFU_ON, "6002"), feature(s, "*21*6002#"), zone + ": a SIP phone sends the #");
            assertEquals(Feature.CFU_OFF, feature(s, "#21").getKey());
            assertEquals(Feature.CFU_OFF, feature(s, "#21#").getKey());
            assertEquals(Map.entry(Feature.CFB_ON, "6001"), feature(s, "*67*6001"));
            assertEquals(Feature.CFB_OFF, feature(s, "#67#").getKey());
            assertEquals(Map.entry(Feature.CFNR_ON, "6001"), feature(s, "*61*6001"));
            assertEquals(Feature.CFNR_OFF, feature(s, "#61#").getKey());
            assertEquals(Feature.DND_ON, feature(s, "*26#").getKey());
            assertEquals(Feature.DND_OFF, feature(s, "#26#").getKey());
            assertEquals(Feature.PICKUP, feature(s, "*8").getKey());
            assertTrue(s.services().feature("*72").isEmpty(), "no US codes in " + zone);
            DigitMap map = s.dialPlan().digitMap();
            DigitMap.Result target = map.match("*21*6002");
            assertTrue(target == DigitMap.Result.PARTIAL || target == DigitMap.Result.COMPLETE_MAY_EXTEND,
                    "the target is ended by # or the timer, not cut short: " + target);
            assertEquals(DigitMap.Result.COMPLETE, map.match("#21"), "#21 then the closing # ends dialling");
            assertEquals(DigitMap.Result.COMPLETE, map.match("112"));
        }
    }

    @Test
    void aSiteStillOverridesItsZonesCodes() throws Exception {
        SiteConfig s = site("tone-zone: de\nservices:\n  feature-codes: { dnd-on: \"*78\" }\n");
        assertEquals(Feature.DND_ON, feature(s, "*78").getKey());
        assertTrue(s.services().feature("*26").isEmpty(), "the zone's code was replaced");
        assertEquals(Feature.CFU_ON, feature(s, "*21*6002").getKey(), "the others keep the zone's codes");
    }
}
