package dev.lifeline.rig.audio;

import dev.lifeline.testutil.Goertzel;

import java.util.List;

/**
 * Cuts audio into 10 ms blocks and labels each: {@link #QUIET} (below the level threshold),
 * {@link #OTHER} (sound, but not one of the given frequency sets) or the index of the frequency
 * set whose frequencies carry most of the energy. The frequency test runs with the independent
 * {@link Goertzel} meter over a 50 ms window centred on the block but clipped to the block's
 * stretch of sound, which resolves 40 Hz spacings (440/480 Hz) while keeping 10 ms timing.
 */
public final class BlockLabeller {
    public static final int BLOCK = 80;
    public static final int QUIET = -1;
    public static final int OTHER = -2;
    /** Share of the window's energy that the set's frequencies must carry together. */
    static final double SET_SHARE = 0.6;
    /** Share each frequency of the set must carry on its own. */
    static final double EACH_SHARE = 0.08;

    private final List<int[]> sets;
    private final double minDbm0;

    public BlockLabeller(List<int[]> freqSets, double minDbm0) {
        this.sets = List.copyOf(freqSets);
        this.minDbm0 = minDbm0;
    }

    /** Labels of the {@code len / BLOCK} whole blocks of {@code pcm[0..len)}. */
    public int[] label(short[] pcm, int len) {
        int n = len / BLOCK;
        boolean[] loud = new boolean[n];
        for (int b = 0; b < n; b++) {
            loud[b] = Levels.dbm0OfMeanSquare(Levels.meanSquare(pcm, b * BLOCK, BLOCK)) >= minDbm0;
        }
        int[] labels = new int[n];
        int runStart = 0;
        for (int b = 0; b < n; b++) {
            if (!loud[b]) { labels[b] = QUIET; runStart = b + 1; continue; }
            int runEnd = b;
            while (runEnd < n && loud[runEnd]) runEnd++;
            int from = Math.max(runStart, b - 2), to = Math.min(runEnd, b + 3);
            labels[b] = classify(pcm, from * BLOCK, (to - from) * BLOCK);
        }
        return labels;
    }

    private int classify(short[] pcm, int off, int len) {
        double e = Goertzel.energy(pcm, off, len);
        if (e < 1e-9) return QUIET;
        int best = OTHER;
        double bestShare = 0;
        for (int i = 0; i < sets.size(); i++) {
            int[] set = sets.get(i);
            double sum = 0;
            boolean each = true;
            for (int f : set) {
                double p = Goertzel.power(pcm, off, len, f) / 2;
                sum += p;
                if (p < EACH_SHARE * e) each = false;
            }
            double share = sum / e;
            if (each && share >= SET_SHARE && share > bestShare) { best = i; bestShare = share; }
        }
        return best;
    }
}
