package dev.lifeline.rig.fax;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.FaxTerminal.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The fax tests' judgement: a lost DCN is forgiven only when every confirmed page is at the receiver. */
class FaxEndsTest {
    private static final Status SENT_3 = new Status(true, 0, 3, 0, 14400, true);
    private static final Duration GRACE = Duration.ofMillis(300);

    @Test
    void bothEndsOkPassAtOnce() throws Exception {
        long t0 = System.nanoTime();
        FaxEnds.await(() -> SENT_3, () -> new Status(true, 0, 0, 3, 14400, true), Duration.ofSeconds(20), GRACE, () -> "");
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(2).toNanos(), "no waiting when both ended");
    }

    @Test
    void aReceiverWithEveryPageWaitingForTheLostDcnPassesAfterTheGrace() throws Exception {
        long t0 = System.nanoTime();
        FaxEnds.await(() -> SENT_3, () -> new Status(false, -1, 0, 3, 14400, true), Duration.ofSeconds(20), GRACE, () -> "");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 300 && ms < 5_000, "waited the grace, not the timeout: " + ms + " ms");
    }

    @Test
    void aReceiverShortOfAPageFails() {
        assertThrows(AssertionFailedError.class, () -> FaxEnds.await(() -> SENT_3,
                () -> new Status(false, -1, 0, 2, 14400, true), Duration.ofSeconds(1), GRACE, () -> ""));
    }

    @Test
    void aReceiverThatEndedWithAnErrorFails() {
        assertThrows(AssertionFailedError.class, () -> FaxEnds.await(() -> SENT_3,
                () -> new Status(true, 49, 0, 3, 14400, true), Duration.ofSeconds(1), GRACE, () -> ""));
    }

    @Test
    void aSenderThatDidNotEndOkFails() {
        assertThrows(AssertionFailedError.class, () -> FaxEnds.await(() -> new Status(false, -1, 2, 0, 14400, true),
                () -> new Status(false, -1, 0, 2, 14400, true), Duration.ofSeconds(1), GRACE, () -> ""));
    }
}
