package dev.lifeline.it;

import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.Parameter;
import dev.lifeline.survival.Mode;
import static dev.lifeline.it.CallWaitingE2ETest.awaitHears;
import static dev.lifeline.it.CallWaitingE2ETest.callAndAnswer;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three-way calling on an analog line (issue #13): flash, dial tone with the first party held,
 * dial a third party, flash again: a conference mixed in the tick where each party hears the
 * other two's tones and not its own; a party leaving leaves the line and the other connected.
 * fxs1 says 700 Hz, fxs2 1000 Hz, fxs3 1500 Hz.
 */
@Tag("e2e")
@ParameterizedClass
@EnumSource(value = Mode.class, names = {"NORMAL", "SURVIVAL"})
class ThreeWayE2ETest {
    /** Each test runs with the gateway in NORMAL mode and forced into SURVIVAL (issue #13). */
    @Parameter
    Mode mode;

    private static final Duration S5 = Duration.ofSeconds(5);
    private static final Duration WINDOW = Duration.ofMillis(600);

    /** Waits until {@code p} hears {@code present} tones clearly and {@code absent} ones at most 1/100 as loud. */
    private static boolean awaitMix(VirtualPhone p, double[] present, double[] absent) throws InterruptedException {
        long end = System.nanoTime() + S5.toNanos();
        while (System.nanoTime() < end) {
            double min = Double.MAX_VALUE, max = 0;
            for (double f : present) min = Math.min(min, p.heardLevel(f, WINDOW));
            for (double f : absent) max = Math.max(max, p.heardLevel(f, WINDOW));
            if (min > 1e-3 && max < min / 100) return true;
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void flashDialFlashMakesAThreeWayCallEachHearingTheOtherTwoAndAPartyLeavingLeavesTwo() throws Exception {
        try (TestGateway gw = TestGateway.demo().inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2"), c = gw.phone("fxs3");
            a.playTone(700, -10);
            callAndAnswer(b, a, 1000);
            a.flash();
            assertTrue(a.awaitTone(ToneKind.DIAL, S5), "flash: dial tone, fxs2 held");
            a.dialDtmf("6002");
            a.playTone(700, -10);
            assertTrue(c.awaitRinging(S5), "fxs3 rings");
            assertTrue(awaitHears(b, CallWaitingE2ETest.HOLD_HZ, S5), "fxs2 is held meanwhile");
            c.offHook();
            c.playTone(1500, -10);
            assertTrue(awaitHears(a, 1500, S5), "fxs1 talks with fxs3 (private, fxs2 still held)");
            assertTrue(awaitHears(b, CallWaitingE2ETest.HOLD_HZ, S5));

            a.flash();
            assertTrue(awaitMix(a, new double[] {1000, 1500}, new double[] {700}), "fxs1 hears fxs2 and fxs3, not itself");
            assertTrue(awaitMix(b, new double[] {700, 1500}, new double[] {1000}), "fxs2 hears fxs1 and fxs3, not itself");
            assertTrue(awaitMix(c, new double[] {700, 1000}, new double[] {1500}), "fxs3 hears fxs1 and fxs2, not itself");

            c.onHook();
            assertTrue(awaitMix(a, new double[] {1000}, new double[] {1500, 700}), "fxs3 left: fxs1 talks with fxs2");
            assertTrue(awaitMix(b, new double[] {700}, new double[] {1500, 1000}), "and fxs2 with fxs1");
            b.onHook();
            a.onHook();
            assertTrue(gw.awaitCdrs(2, S5).size() == 2, "two calls, two CDRs");
        }
    }
}
