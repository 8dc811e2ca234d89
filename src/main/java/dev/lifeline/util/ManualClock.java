package dev.lifeline.util;

import java.time.Instant;

/** A clock that moves only when told to; for unit tests of timers. */
public final class ManualClock implements Clock {
    private long millis;
    private final Instant epoch;

    public ManualClock(Instant epoch) { this.epoch = epoch; }
    public ManualClock() { this(Instant.parse("2026-01-01T12:00:00Z")); }

    @Override public synchronized long millis() { return millis; }
    @Override public synchronized Instant now() { return epoch.plusMillis(millis); }
    public synchronized void advance(long ms) { millis += ms; }
}
