package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import dev.lifeline.survival.Mode;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * What the line-services end-to-end classes that run once per mode share: a gateway forced into
 * the mode under test right after it started, phones that lift and dial whatever dial tone they
 * get (stutter in SURVIVAL), and "did x hear y" checks.
 */
final class ServicesRig {
    static final Duration S5 = Duration.ofSeconds(5);

    private ServicesRig() { }

    /** The demo site (edited), forced into {@code mode} right after start as the other mode tests do. */
    static TestGateway start(Mode mode, UnaryOperator<String> edit) throws Exception {
        TestGateway gw = TestGateway.start("demo.yaml", edit);
        if (mode == Mode.SURVIVAL) gw.gateway().survivability().force(Mode.SURVIVAL, "test");
        return gw;
    }

    /** The CDR's mode as the gateway writes it for the mode under test. */
    static void assertMode(Mode mode, Cdr cdr) {
        assertEquals(mode == Mode.SURVIVAL ? "survival" : "normal", cdr.mode(), cdr.toString());
    }

    /** Off hook, any dial tone, then the digits. */
    static void lift(VirtualPhone p, String digits) throws Exception {
        p.offHook();
        Thread.sleep(400);
        p.dialDtmf(digits);
    }

    static boolean awaitHears(VirtualPhone p, double hz, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            if (p.hears(hz, Duration.ofMillis(200))) return true;
            Thread.sleep(40);
        }
        return false;
    }

    /** Each phone hears the other's tone (1000 Hz from x, 1500 Hz from y). */
    static void assertTalk(VirtualPhone x, VirtualPhone y) throws Exception {
        x.playTone(1000, -10);
        assertTrue(awaitHears(y, 1000, S5), x.portId() + " heard on " + y.portId());
        x.stopPlaying();
        y.playTone(1500, -10);
        assertTrue(awaitHears(x, 1500, S5), y.portId() + " heard on " + x.portId());
        y.stopPlaying();
    }
}
