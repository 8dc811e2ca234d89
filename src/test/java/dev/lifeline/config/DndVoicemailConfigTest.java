package dev.lifeline.config;

import static dev.lifeline.config.ConfigTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** {@code services.voicemail} and {@code services.extensions.<ext>.voicemail}: the DND voicemail route. */
class DndVoicemailConfigTest {
    @Test
    void theSitesRouteAndAnExtensionsOwn() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(MINIMAL + """
                services:
                  voicemail: "+15555550199"
                  extensions:
                    "6001": { voicemail: "6003" }
                """, "site.yaml", simBoard());
        assertEquals("+15555550199", c.services().voicemailFor("6000"));
        assertEquals("6003", c.services().voicemailFor("6001"));
        assertNull(ConfigLoader.loadSite(MINIMAL, "site.yaml", simBoard()).services().voicemailFor("6000"), "none by default");
    }

    @Test
    void errorsNameTheFileTheFieldAndTheProblem() {
        var errors = errors(() -> ConfigLoader.loadSite(MINIMAL + """
                services:
                  voicemail: "voice mail"
                  extensions:
                    "6001": { voicemail: "6001" }
                    "6002": { voicemail: "12ab" }
                """, "site.yaml", simBoard()));
        assertHas(errors, "site.yaml", "services.voicemail", "expected a number to dial");
        assertHas(errors, "site.yaml", "services.extensions.6001.voicemail", "would loop");
        assertHas(errors, "site.yaml", "services.extensions.6002.voicemail", "expected a number to dial");
    }
}
