package dev.lifeline.mgmt.web;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.util.ManualClock;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final ManualClock clock = new ManualClock();
    private final LoginThrottle t = new LoginThrottle(clock);

    @Test
    void aFewMistakesAreFreeThenTheWaitDoubles() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            t.failed("192.0.2.1");
            assertEquals(0, t.waitMs("192.0.2.1"), "mistyping is free");
        }
        t.failed("192.0.2.1");
        assertEquals(1_000, t.waitMs("192.0.2.1"));
        clock.advance(400);
        assertEquals(600, t.waitMs("192.0.2.1"));
        clock.advance(600);
        assertEquals(0, t.waitMs("192.0.2.1"));
        t.failed("192.0.2.1");
        assertEquals(2_000, t.waitMs("192.0.2.1"));
        assertEquals(0, t.waitMs("192.0.2.2"), "per source");
        for (int i = 0; i < 20; i++) t.failed("192.0.2.1");
        assertEquals(LoginThrottle.MAX_DELAY_MS, t.waitMs("192.0.2.1"), "capped");
        t.succeeded("192.0.2.1");
        assertEquals(0, t.waitMs("192.0.2.1"), "a success clears the source");
    }

    @Test
    void aQuietSourceIsForgotten() {
        for (int i = 0; i < 6; i++) t.failed("192.0.2.1");
        assertTrue(t.waitMs("192.0.2.1") > 0);
        clock.advance(LoginThrottle.FORGET_MS);
        assertEquals(0, t.waitMs("192.0.2.1"));
        t.failed("192.0.2.1");
        assertEquals(0, t.waitMs("192.0.2.1"), "counting starts again");
    }

    @Test
    void theTableIsBounded() {
        for (int i = 0; i < 6; i++) t.failed("first");
        for (int i = 0; i < LoginThrottle.MAX_SOURCES; i++) t.failed("10.0." + (i / 256) + "." + (i % 256));
        assertEquals(0, t.waitMs("first"), "the oldest source was dropped to stay within the bound");
        assertEquals(1_000, LoginThrottle.delayMs(LoginThrottle.FREE_FAILURES + 1));
        assertEquals(LoginThrottle.MAX_DELAY_MS, LoginThrottle.delayMs(1_000));
    }
}
