package dev.lifeline.rig.audio;

import java.util.Random;

/**
 * A speech-like test signal, reproducible from a seed: Gaussian noise shaped like the long-term
 * speech spectrum (a rise to ~500 Hz, then about -6 dB per octave; ITU-T P.50's shape, roughly),
 * switched on and off in syllables (100-300 ms talk spurts with short gaps) and varying in level
 * by a few dB, at about -20 dBm0 while active. Echo cancellers converge differently on white
 * noise and on tones; this is closer to what they meet in a call.
 */
public final class SpeechLike {
    private final Random rnd;
    private final double gain;
    private double lp1, lp2, hp, hpIn;
    private int left;
    private boolean on;
    private double level;

    /** @param dbm0 average level while talking (e.g. -20) */
    public SpeechLike(long seed, double dbm0) {
        this.rnd = new Random(seed);
        // 0 dBm0 is 3.14 dBov for mu-law: a full-scale sine is +3.14 dBm0, rms 32767/sqrt2
        double rms = 32767 / Math.sqrt(2) * Math.pow(10, (dbm0 - 3.14) / 20);
        this.gain = rms / 0.37; // the shaping filter's output rms for unit noise, measured
    }

    /** The next {@code n} samples. */
    public short[] next(int n) {
        short[] out = new short[n];
        for (int i = 0; i < n; i++) out[i] = sample();
        return out;
    }

    private short sample() {
        if (left-- <= 0) {
            on = !on;
            left = on ? 800 + rnd.nextInt(1600) : 160 + rnd.nextInt(640);
            level = Math.pow(10, (rnd.nextGaussian() * 3) / 20);
        }
        double x = rnd.nextGaussian();
        // two one-pole low-passes (~ -6 dB/oct above 500 Hz, steeper above 2 kHz), then a high-pass at ~150 Hz
        lp1 += 0.32 * (x - lp1);
        lp2 += 0.8 * (lp1 - lp2);
        hp = 0.89 * (hp + lp2 - hpIn);
        hpIn = lp2;
        double v = on ? hp * gain * level : 0;
        return (short) Math.max(-32767, Math.min(32767, Math.round(v)));
    }
}
