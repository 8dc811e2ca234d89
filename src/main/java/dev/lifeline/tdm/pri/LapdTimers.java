package dev.lifeline.tdm.pri;

/**
 * Q.921 system parameters (§5.9) for one D-channel, in milliseconds where they are times.
 * {@code reestablishMs} and {@code queueCapacity} are ours, not Q.921's: a PRI has nobody to
 * press a button, so a failed link retries on its own, and the send queue must stay bounded
 * whatever the far end does.
 */
public record LapdTimers(long t200Ms, long t203Ms, int n200, int k, int n201, long reestablishMs, int queueCapacity) {
    public LapdTimers {
        if (t200Ms <= 0 || t203Ms <= 0 || reestablishMs <= 0) throw new IllegalArgumentException("timers must be positive");
        if (n200 < 1 || k < 1 || k > 127 || n201 < 1 || queueCapacity < 1) throw new IllegalArgumentException("bad Q.921 parameter");
    }

    /** Q.921 defaults for a PRI: T200 1 s, T203 10 s, N200 3, k 7, N201 260; retry every 5 s, queue 64. */
    public static LapdTimers defaults() { return new LapdTimers(1_000, 10_000, 3, 7, 260, 5_000, 64); }
}
