package dev.lifeline.mgmt.cwmp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The session retry wait of TR-069 §3.2.1.1 with its default m = 5 s, k = 2000. */
class RetryWaitTest {
    @Test
    void theTableDoublesFromFiveSecondsAndStopsGrowingAtTheTenthRetry() {
        long[][] table = {{5, 10}, {10, 20}, {20, 40}, {40, 80}, {80, 160}, {160, 320}, {320, 640}, {640, 1280},
                {1280, 2560}, {2560, 5120}};
        for (int n = 1; n <= 10; n++) {
            assertArrayEquals(new long[] {table[n - 1][0] * 1000, table[n - 1][1] * 1000}, RetryWait.range(n), "retry " + n);
        }
        assertArrayEquals(RetryWait.range(10), RetryWait.range(25), "10 and more");
    }

    @Test
    void waitsAreRandomWithinTheRange() {
        RetryWait w = new RetryWait(new Random(1));
        long min = Long.MAX_VALUE, max = 0;
        for (int i = 0; i < 1000; i++) {
            long d = w.delayMs(3);
            assertTrue(d >= 20_000 && d < 40_000, "in [20 s, 40 s): " + d);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(max - min > 15_000, "spread over the range, not one value");
    }
}
