package dev.lifeline.it;

import static dev.lifeline.it.ServicesRig.S5;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Do-not-disturb with a voicemail route ({@code services.voicemail}), in NORMAL and SURVIVAL: 6001
 * switches DND on with {@code *78}; a call to it rings the route (here the lobby line, 6003, standing
 * in for a voicemail server) instead of getting busy, and the CDR says 6001 forwarded it.
 */
@Tag("e2e")
@ParameterizedClass
@EnumSource(value = Mode.class, names = {"NORMAL", "SURVIVAL"})
class DndVoicemailE2ETest {
    @Parameter
    Mode mode;

    @Test
    void aCallToALineInDndGoesToTheVoicemailRoute() throws Exception {
        try (TestGateway gw = ServicesRig.start(mode, s -> {
            if (!s.contains("\nservices:\n")) throw new IllegalStateException("the demo's services section moved");
            return s.replace("\nservices:\n", "\nservices:\n  voicemail: \"6003\"\n");
        })) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2"), d = gw.phone("fxs4");
            ServicesRig.lift(b, "*78");
            Thread.sleep(2500); // the confirmation, then the gateway hangs up the feature call
            b.onHook();
            Thread.sleep(500);
            ServicesRig.lift(a, "6001");
            assertTrue(d.awaitRinging(Duration.ofSeconds(5)), "6001 is in DND: the voicemail route 6003 rings");
            assertFalse(b.isRinging(), "6001 does not ring");
            d.offHook();
            ServicesRig.assertTalk(a, d);
            a.onHook();
            d.onHook();
            Cdr cdr = gw.awaitCdrs(2, S5).get(1);
            assertEquals("6001", cdr.calledDialled(), cdr.toString());
            assertEquals("6001", cdr.forwardedFrom(), "forwarded_from: the extension in DND");
            assertEquals("fxs:fxs4", cdr.dstLeg());
            assertTrue(cdr.answered());
            ServicesRig.assertMode(mode, cdr);
        }
    }
}
