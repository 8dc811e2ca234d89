package dev.lifeline.testutil;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;

/**
 * Waits on the event that proves a step happened, instead of sleeping a guessed time: returns as
 * soon as the condition holds (polling every 10 ms), fails naming {@code what} when it never does.
 */
public final class Await {
    private Await() {}

    /** A condition that may throw (a status query, a database read). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    public static void until(String what, Duration timeout, Condition c) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!c.holds()) {
            if (System.nanoTime() > end) fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            Thread.sleep(10);
        }
    }
}
