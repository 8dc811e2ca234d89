package dev.lifeline.sip.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.util.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one rule for which HQ server registrations and calls use, on a manual clock. */
class HqHealthTest {
    private static final UpstreamConfig.Server HQ1 = new UpstreamConfig.Server("hq1", 5060, UpstreamConfig.Transport.UDP, 1);
    private static final UpstreamConfig.Server HQ2 = new UpstreamConfig.Server("hq2", 5060, UpstreamConfig.Transport.UDP, 2);
    private static final UpstreamConfig.Server HQ3 = new UpstreamConfig.Server("hq3", 5060, UpstreamConfig.Transport.UDP, 3);

    private final ManualClock clock = new ManualClock();
    private final HqHealth health = new HqHealth(List.of(HQ1, HQ2, HQ3), clock, 10_000);

    @Test
    void beforeAnyProbeThePriorityOrderDecides() {
        assertEquals(List.of(HQ1, HQ2, HQ3), health.ranked());
        assertEquals(Optional.of(HQ1), health.current());
    }

    @Test
    void theFirstAnsweringServerInPriorityOrderIsUsed() {
        health.probeMissed(HQ1);
        health.probeAnswered(HQ3);
        health.probeAnswered(HQ2);
        assertEquals(Optional.of(HQ2), health.current(), "hq1 is dead, hq2 is the first that answers");
        assertEquals(List.of(HQ2, HQ3, HQ1), health.ranked(), "the missing one is still tried last");

        health.probeAnswered(HQ1);
        assertEquals(Optional.of(HQ1), health.current(), "hq1 answers again: back to the preferred server");
    }

    @Test
    void aTimeoutSuspendsThatServerOnlyForTheSuspensionTime() {
        List<UpstreamConfig.Server> told = new ArrayList<>();
        health.onTimeout(told::add);
        for (UpstreamConfig.Server s : List.of(HQ1, HQ2, HQ3)) health.probeAnswered(s);

        health.timedOut(HQ1);
        assertEquals(List.of(HQ1), told, "the WAN monitor hears of it");
        assertTrue(health.suspended(HQ1));
        assertFalse(health.suspended(HQ2));
        assertEquals(List.of(HQ2, HQ3), health.ranked(), "the next request goes to hq2 at once");
        assertEquals(10_000, health.view().get(0).suspendedForMs());

        clock.advance(9_999);
        assertEquals(Optional.of(HQ2), health.current());
        clock.advance(1);
        assertEquals(Optional.of(HQ1), health.current(), "suspension over: hq1 (still answering probes) is preferred again");
    }

    @Test
    void aSuspendedServerIsSkippedEvenIfItsProbesAnswer() {
        health.probeAnswered(HQ1);
        health.probeAnswered(HQ2);
        health.timedOut(HQ1);
        health.probeAnswered(HQ1); // OPTIONS answered statelessly, but REGISTERs went unanswered
        assertEquals(Optional.of(HQ2), health.current());
    }

    @Test
    void everyServerSuspendedMeansNoneUntilTheSuspensionEndsOrTheModeReturnsToNormal() {
        health.timedOut(HQ1);
        health.timedOut(HQ2);
        clock.advance(5_000);
        health.timedOut(HQ3);
        assertEquals(Optional.empty(), health.current(), "nothing to forward to: the local registrar answers");

        clock.advance(5_000);
        assertEquals(List.of(HQ1, HQ2), health.ranked(), "hq1 and hq2's suspensions ended, hq3's has 5 s left");

        health.timedOut(HQ1);
        health.timedOut(HQ2);
        health.resume();
        assertEquals(List.of(HQ1, HQ2, HQ3), health.ranked(), "back in NORMAL: every suspension ends");
    }

    @Test
    void aRepeatedTimeoutExtendsTheSuspension() {
        health.timedOut(HQ1);
        clock.advance(8_000);
        health.timedOut(HQ1);
        clock.advance(8_000);
        assertTrue(health.suspended(HQ1), "suspended for 10 s from the latest timeout");
        clock.advance(2_000);
        assertFalse(health.suspended(HQ1));
    }

    @Test
    void serversNotConfiguredAreIgnored() {
        UpstreamConfig.Server other = new UpstreamConfig.Server("elsewhere", 5060, UpstreamConfig.Transport.UDP, 1);
        List<UpstreamConfig.Server> told = new ArrayList<>();
        health.onTimeout(told::add);
        health.timedOut(other);
        health.probeAnswered(other);
        assertTrue(told.isEmpty());
        assertEquals(List.of(HQ1, HQ2, HQ3), health.ranked());
    }
}
