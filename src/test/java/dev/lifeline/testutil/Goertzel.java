package dev.lifeline.testutil;

/**
 * Independent single-frequency power meter for tests (the Goertzel algorithm), so that
 * tone checks do not trust the DSP code they are checking.
 */
public final class Goertzel {
    private Goertzel() {}

    /** Power of {@code freq} in {@code pcm[off..off+len)} at 8 kHz, normalised to 0..1 for a full-scale sine. */
    public static double power(short[] pcm, int off, int len, double freq) {
        double w = 2 * Math.PI * freq / 8000.0;
        double coeff = 2 * Math.cos(w);
        double s1 = 0, s2 = 0;
        for (int i = 0; i < len; i++) {
            double s = pcm[off + i] / 32768.0 + coeff * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        double p = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return p / (len * len / 4.0);
    }

    /** Mean power of the whole block (0..0.5 for a full-scale sine). */
    public static double energy(short[] pcm, int off, int len) {
        double e = 0;
        for (int i = 0; i < len; i++) { double v = pcm[off + i] / 32768.0; e += v * v; }
        return e / Math.max(1, len);
    }

    /** True when {@code freq} carries at least {@code share} of the block's energy. */
    public static boolean dominant(short[] pcm, int off, int len, double freq, double share) {
        double e = energy(pcm, off, len);
        if (e < 1e-7) return false;
        return power(pcm, off, len, freq) / 2 >= share * e;
    }
}
