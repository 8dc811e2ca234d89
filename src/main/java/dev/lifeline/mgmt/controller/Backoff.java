package dev.lifeline.mgmt.controller;

import java.util.random.RandomGenerator;

/**
 * Reconnect delays: doubling from {@code minMs} up to {@code maxMs}, each delay drawn at random
 * from its upper half ("equal jitter"). Hundreds of branches lose the same broker at once;
 * without jitter they would all come back in the same second, every time.
 */
final class Backoff {
    private final long minMs;
    private final long maxMs;
    private final RandomGenerator random;
    private long next;

    Backoff(long minMs, long maxMs, RandomGenerator random) {
        if (minMs <= 0 || maxMs < minMs) throw new IllegalArgumentException("need 0 < min <= max");
        this.minMs = minMs;
        this.maxMs = maxMs;
        this.random = random;
        this.next = minMs;
    }

    /** The delay before the next attempt; each call doubles the ceiling up to the maximum. */
    synchronized long nextDelayMs() {
        long ceiling = next;
        next = Math.min(maxMs, next * 2);
        long half = ceiling / 2;
        return half + random.nextLong(ceiling - half + 1);
    }

    /** Back to the minimum (after a successful connection). */
    synchronized void reset() { next = minMs; }
}
