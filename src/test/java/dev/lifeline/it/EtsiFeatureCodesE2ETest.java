package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import dev.lifeline.survival.Mode;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ETSI-style codes (the European zones' defaults, {@code config.ZoneDefaults}; ZoneDefaultsTest
 * checks that a uk/de/fr/eu site gets them) dialled on an analog line end to end:
 * {@code *21*number#} forwards, {@code #21#} (a code that starts with #) switches it off. On the
 * us demo with the codes and digit map set in its config: in the eu zone the gateway's DTMF
 * detection lost or doubled a digit in 2 of 4 runs (docs/line-services.md), which is left for
 * its own fix.
 */
@Tag("e2e")
@ParameterizedClass
@EnumSource(value = Mode.class, names = {"NORMAL", "SURVIVAL"})
class EtsiFeatureCodesE2ETest {
    @Parameter
    Mode mode;

    private static final Duration S6 = Duration.ofSeconds(6);

    /** Lifts, waits for dial tone, dials {@code keys} and checks the confirmation beeps (440 Hz of the us dial tone). */
    private static void featureCode(VirtualPhone p, String keys) throws Exception {
        TestGateway.liftAndDial(p, keys);
        assertTrue(FxsCallE2ETest.awaitHears(p, 440), p.portId() + " hears the confirmation for " + keys);
        Thread.sleep(2500); // the feature call hangs up after 2 s
        p.onHook();
        Thread.sleep(900);
    }

    /** The demo with the European zones' codes and digit map. */
    private static String etsiCodes(String site) {
        String usMap = "digit-map: \"" + dev.lifeline.config.ZoneDefaults.US_DIGIT_MAP + "\"";
        if (!site.contains(usMap)) throw new IllegalStateException("demo.yaml's digit map changed");
        return site.replace(usMap, "digit-map: \"" + dev.lifeline.config.ZoneDefaults.ETSI_DIGIT_MAP + "\"")
                .replace("\nservices:\n", "\nservices:\n  feature-codes: { cfu-on: \"*21*\", cfu-off: \"#21\" }\n");
    }

    @Test
    void forwardAlwaysOnWithStar21AndOffWithHash21() throws Exception {
        try (TestGateway gw = TestGateway.start("demo.yaml", EtsiFeatureCodesE2ETest::etsiCodes).inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2"), c = gw.phone("fxs3");
            featureCode(a, "*21*6002#");
            TestGateway.liftAndDial(b, "6000");
            assertTrue(c.awaitRinging(S6), "6000 forwards to 6002: fxs3 rings");
            assertTrue(!a.isRinging(), "fxs1 does not ring");
            b.onHook();
            var cdrs = gw.awaitCdrs(2, Duration.ofSeconds(5));
            assertEquals("feature:cfu-on", cdrs.get(0).dstLeg(), "*21*6002# is forward always: " + cdrs.get(0));
            Cdr forwarded = cdrs.get(1);
            assertEquals("6000", forwarded.forwardedFrom(), forwarded.toString());
            assertEquals(gw.cdrMode(), forwarded.mode());
            Thread.sleep(900);
            featureCode(a, "#21#");
            TestGateway.liftAndDial(b, "6000");
            assertTrue(a.awaitRinging(S6), "forward off: fxs1 rings again");
            b.onHook();
        }
    }
}
