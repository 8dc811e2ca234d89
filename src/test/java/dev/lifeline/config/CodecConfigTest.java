package dev.lifeline.config;

import static dev.lifeline.config.ConfigTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sip.codecs} and {@code sip.opus}. */
class CodecConfigTest {
    @Test
    void defaultsOfferG711FirstThenWideband() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(MINIMAL, "s.yaml", simBoard());
        assertEquals(List.of("PCMU", "PCMA", "G722", "opus"), c.sip().codecs().order());
        assertEquals(24_000, c.sip().codecs().opusBitrate());
        assertTrue(c.sip().codecs().opusFec());
        assertEquals(RedPolicy.ANSWER, c.sip().codecs().red(), "RED taken when a peer offers it, not offered");
    }

    @Test
    void redPolicyIsReadAndAnUnknownOneRefused() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(MINIMAL + "sip:\n  red: offer\n", "s.yaml", simBoard());
        assertEquals(RedPolicy.OFFER, c.sip().codecs().red());
        SiteConfig off = ConfigLoader.loadSite(MINIMAL + "sip:\n  red: off\n", "s.yaml", simBoard());
        assertEquals(RedPolicy.OFF, off.sip().codecs().red());
        var errors = errors(() -> ConfigLoader.loadSite(MINIMAL + "sip:\n  red: always\n", "s.yaml", simBoard()));
        assertHas(errors, "s.yaml", "sip.red", "");
    }

    @Test
    void orderAndOpusSettingsAreRead() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(MINIMAL + """
                sip:
                  codecs: [OPUS, g722, PCMA]
                  opus: { bitrate: 32000, complexity: 8, fec: false, expected-loss: 0 }
                """, "s.yaml", simBoard());
        assertEquals(List.of("opus", "G722", "PCMA"), c.sip().codecs().order(), "names normalised to their SDP spelling");
        assertEquals(new CodecConfig(List.of("opus", "G722", "PCMA"), 32_000, 8, false, 0), c.sip().codecs());
    }

    @Test
    void unknownDuplicateOrOutOfRangeIsRefusedWithItsPlace() throws Exception {
        var errors = errors(() -> ConfigLoader.loadSite(MINIMAL + """
                sip:
                  codecs: [PCMU, G729, PCMU]
                  opus: { bitrate: 1000, colour: blue }
                """, "s.yaml", simBoard()));
        assertHas(errors, "s.yaml", "sip.codecs", "unknown codec 'G729'");
        assertHas(errors, "s.yaml", "sip.codecs", "lists PCMU twice");
        assertHas(errors, "s.yaml", "sip.opus.bitrate", "");
        assertHas(errors, "s.yaml", "sip.opus.colour", "unknown key");
        var empty = errors(() -> ConfigLoader.loadSite(MINIMAL + "sip: { codecs: [] }\n", "s.yaml", simBoard()));
        assertHas(empty, "s.yaml", "sip.codecs", "at least one codec");
    }
}
