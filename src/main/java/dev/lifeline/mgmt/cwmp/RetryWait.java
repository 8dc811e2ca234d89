package dev.lifeline.mgmt.cwmp;

import java.util.random.RandomGenerator;

/**
 * How long to wait before retrying a failed session (TR-069 §3.2.1.1, Table 3): with the default
 * minimum wait m = 5 s and multiplier k = 2000 (‰), the n-th retry waits a random time in
 * [m·(k/1000)^(n-1), m·(k/1000)^n) seconds — 5–10 s, 10–20 s, … — and from the 10th retry on
 * 2560–5120 s. The randomisation keeps a fleet that lost the same ACS from coming back at once.
 */
final class RetryWait {
    static final long MIN_WAIT_MS = 5_000;
    static final int MULTIPLIER = 2000;
    private final RandomGenerator random;

    RetryWait(RandomGenerator random) { this.random = random; }

    /** The range of the wait before retry number {@code retry} (1 = the first retry), in ms: {min, max}. */
    static long[] range(int retry) {
        int n = Math.min(Math.max(retry, 1), 10);
        double k = MULTIPLIER / 1000.0;
        long min = Math.round(MIN_WAIT_MS * Math.pow(k, n - 1));
        long max = Math.round(MIN_WAIT_MS * Math.pow(k, n));
        return new long[] {min, max};
    }

    /** A random wait in the range of retry {@code retry}. */
    long delayMs(int retry) {
        long[] r = range(retry);
        return r[0] + random.nextLong(r[1] - r[0]);
    }
}
