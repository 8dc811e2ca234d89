package dev.lifeline.dsp;

import dev.lifeline.rig.audio.Hybrid;
import dev.lifeline.rig.audio.SpeechLike;

/**
 * One measured run of {@link EchoCanceller} against a simulated hybrid ({@link Hybrid}), frame by
 * frame as the gateway runs it: far-end speech-like signal out, its echo (plus, in the double-talk
 * window, near-end speech) back, cancelled. ERLE is measured per 100 ms window with far-end speech
 * in it, as echo power over the power of what is left of it (output minus the near-end speech,
 * which the simulation knows exactly). The near end adds line noise (about -75 dBm0) throughout.
 * Shared by EchoCancellerTest and EchoBench.
 */
public final class EchoRun {
    public static final int FRAME = 160;
    static final int WINDOW_FRAMES = 5;

    /**
     * ERLE figures of one run. convergenceMs is -1 when it never reached the goal; nearEndLossDb is
     * how much weaker the near end's speech came out than it went in during double talk (the NLP
     * must not eat it).
     */
    public record Result(int tailMs, double erlDb, EchoCanceller.Mode mode, double goalDb, int convergenceMs,
                         double erleBeforeDoubleTalkDb, double worstErleInDoubleTalkDb, double erleAfterDoubleTalkDb,
                         double nearEndLossDb, double microsPerFrame) {}

    private EchoRun() {}

    /**
     * Runs 6 s: far-end speech from 0 s; near-end speech as well from 3 to 4.5 s (double talk).
     * {@code goalDb} sets what counts as converged: every window from then until the double talk at
     * least {@code goalDb}.
     */
    public static Result run(int tailMs, double erlDb, EchoCanceller.Mode mode, double goalDb, long seed) {
        int frames = 300, dtFrom = 150, dtTo = 225;
        int windows = frames / WINDOW_FRAMES;
        double[] echoPow = new double[windows], resPow = new double[windows];
        boolean[] farActive = new boolean[windows];
        Hybrid hybrid = new Hybrid(tailMs, erlDb);
        SpeechLike far = new SpeechLike(seed, -16);
        SpeechLike near = new SpeechLike(seed * 31 + 7, -16);
        long nanos = 0;
        double nearPow = 0, outPow = 0;
        java.util.Random noise = new java.util.Random(seed);
        try (EchoCanceller ec = new EchoCanceller(tailMs, mode)) {
            short[] echo = new short[FRAME], rx = new short[FRAME];
            for (int f = 0; f < frames; f++) {
                short[] tx = far.next(FRAME);
                hybrid.echo(tx, echo);
                short[] nearFrame = f >= dtFrom && f < dtTo ? near.next(FRAME) : new short[FRAME];
                for (int i = 0; i < FRAME; i++) nearFrame[i] += (short) Math.round(noise.nextGaussian() * 3); // line noise, about -75 dBm0
                for (int i = 0; i < FRAME; i++) rx[i] = (short) Math.max(-32767, Math.min(32767, echo[i] + nearFrame[i]));
                long t0 = System.nanoTime();
                ec.cancel(tx, 0, rx, 0, FRAME);
                nanos += System.nanoTime() - t0;
                int w = f / WINDOW_FRAMES;
                if (f >= dtFrom && f < dtTo) {
                    for (int i = 0; i < FRAME; i++) {
                        nearPow += (double) nearFrame[i] * nearFrame[i];
                        outPow += (double) rx[i] * rx[i];
                    }
                }
                for (int i = 0; i < FRAME; i++) {
                    echoPow[w] += (double) echo[i] * echo[i];
                    double r = rx[i] - nearFrame[i];
                    resPow[w] += r * r;
                    if (Math.abs(tx[i]) > 300) farActive[w] = true;
                }
            }
        }
        double[] erle = new double[windows];
        for (int w = 0; w < windows; w++) erle[w] = 10 * Math.log10((echoPow[w] + 1) / (resPow[w] + 1));
        int dtW0 = dtFrom / WINDOW_FRAMES, dtW1 = dtTo / WINDOW_FRAMES;
        int converged = -1;
        for (int w = dtW0 - 1; w >= 0; w--) {
            if (farActive[w] && erle[w] < goalDb) break;
            converged = w;
        }
        int convergenceMs = converged < 0 ? -1 : (converged + 1) * WINDOW_FRAMES * 20;
        return new Result(tailMs, erlDb, mode, goalDb, convergenceMs,
                mean(erle, farActive, dtW0 - 10, dtW0), min(erle, farActive, dtW0, dtW1),
                mean(erle, farActive, dtW1 + 2, windows), 10 * Math.log10(nearPow / Math.max(1, outPow)), nanos / 1000.0 / frames);
    }

    /** Power-mean ERLE (mean of the power ratios, in dB) over active windows [from, to). */
    private static double mean(double[] erle, boolean[] active, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int w = from; w < to; w++) {
            if (!active[w]) continue;
            sum += Math.pow(10, -erle[w] / 10);
            n++;
        }
        return n == 0 ? Double.NaN : -10 * Math.log10(sum / n);
    }

    private static double min(double[] erle, boolean[] active, int from, int to) {
        double m = Double.POSITIVE_INFINITY;
        for (int w = from; w < to; w++) if (active[w]) m = Math.min(m, erle[w]);
        return m;
    }
}
