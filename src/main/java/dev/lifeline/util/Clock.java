package dev.lifeline.util;

import java.time.Instant;

/**
 * Time as the gateway sees it. Everything with a timer (flash, ring cadence, digit timeouts,
 * expiry) reads time through this, so tests can drive timers without sleeping.
 */
public interface Clock {
    /** Milliseconds on a monotonic scale (not wall time); only differences are meaningful. */
    long millis();

    /** Wall-clock time, for records that people read (CDRs, logs). */
    Instant now();

    Clock SYSTEM = new Clock() {
        private final long origin = System.nanoTime();
        @Override public long millis() { return (System.nanoTime() - origin) / 1_000_000L; }
        @Override public Instant now() { return Instant.now(); }
    };
}
