package dev.lifeline.config;

import static dev.lifeline.config.ConfigTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class FaxConfigTest {
    @Test
    void defaultsToT38WithRedundancyThree() throws Exception {
        assertEquals(FaxConfig.DEFAULT, ConfigLoader.loadSite(MINIMAL, "s.yaml", simBoard()).sip().fax());
        assertEquals(new FaxConfig(true, 3, 14400, true), FaxConfig.DEFAULT);
    }

    @Test
    void readsModeRedundancyRateAndEcm() throws Exception {
        SiteConfig c = ConfigLoader.loadSite(MINIMAL + "sip: { fax: { mode: pass-through, udptl-redundancy: 5, max-bit-rate: 9600, ecm: false } }\n",
                "s.yaml", simBoard());
        assertEquals(new FaxConfig(false, 5, 9600, false), c.sip().fax());
    }

    @Test
    void refusesWhatItCannotDo() {
        var errors = errors(() -> ConfigLoader.loadSite(MINIMAL
                + "sip: { fax: { mode: t30, udptl-redundancy: 9, max-bit-rate: 12000, colour: red } }\n", "s.yaml", simBoard()));
        assertHas(errors, "s.yaml", "sip.fax.mode", "");
        assertHas(errors, "s.yaml", "sip.fax.udptl-redundancy", "");
        assertHas(errors, "s.yaml", "sip.fax.max-bit-rate", "must be 9600 or 14400");
        assertHas(errors, "s.yaml", "sip.fax.colour", "unknown key");
    }
}
