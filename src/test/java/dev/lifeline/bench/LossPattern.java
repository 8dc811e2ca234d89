package dev.lifeline.bench;

import java.util.SplittableRandom;

/**
 * Seeded random packet loss: each packet is dropped with probability {@code percent / 100},
 * independently, from a generator seeded per direction, so the same seed drops the same packets
 * in every run (and two directions of one call do not drop in step).
 */
final class LossPattern {
    private final double probability;
    private final SplittableRandom random;

    LossPattern(double percent, long seed) {
        if (percent < 0 || percent > 100) throw new IllegalArgumentException("loss must be 0..100 %, got " + percent);
        this.probability = percent / 100;
        this.random = new SplittableRandom(seed);
    }

    static LossPattern none() { return new LossPattern(0, 0); }

    /** True when the next packet is lost. */
    synchronized boolean drop() { return probability > 0 && random.nextDouble() < probability; }
}
