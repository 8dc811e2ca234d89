package dev.lifeline.rig.audio;

/**
 * Level conversions for 16-bit linear PCM. A full-scale sine is +3.14 dBm0 (ITU-T G.711), so
 * 0 dBm0 is a sine of peak amplitude 32767 * 10^(-3.14/20) (about 22 750).
 */
public final class Levels {
    /** Level of a full-scale sine in dBm0. */
    public static final double FULL_SCALE_SINE_DBM0 = 3.14;
    /** Mean square (normalised to 1.0 = full scale) below which a block counts as digital silence. */
    private static final double FLOOR = 1e-12;

    private Levels() {}

    /** Peak amplitude of a sine at {@code dbm0}. */
    public static double amplitude(double dbm0) {
        return 32767.0 * Math.pow(10, (dbm0 - FULL_SCALE_SINE_DBM0) / 20.0);
    }

    /** Level of a block whose mean square (samples normalised to ±1) is {@code meanSquare}. */
    public static double dbm0OfMeanSquare(double meanSquare) {
        return 10 * Math.log10(Math.max(meanSquare, FLOOR) / 0.5) + FULL_SCALE_SINE_DBM0;
    }

    /** Level of a sine whose Goertzel power (1.0 = full-scale sine) is {@code power}. */
    public static double dbm0OfSinePower(double power) {
        return 10 * Math.log10(Math.max(power, FLOOR)) + FULL_SCALE_SINE_DBM0;
    }

    /** Mean square of {@code pcm[off..off+len)}, samples normalised to ±1. */
    public static double meanSquare(short[] pcm, int off, int len) {
        double e = 0;
        for (int i = 0; i < len; i++) {
            double v = pcm[off + i] / 32768.0;
            e += v * v;
        }
        return e / Math.max(1, len);
    }
}
