package dev.lifeline.tdm;

import dev.lifeline.dsp.ToneSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Recognises one call-progress tone of the zone on an FXO line (dial tone before dialling,
 * busy/congestion as far-end disconnect). Small on purpose: per 20 ms frame a Goertzel filter
 * at each of the tone's frequencies decides "tone on" (above -40 dBm0 and carrying most of the
 * frame's energy); the lengths of on/off runs are then matched against the tone's cadence.
 * A steady tone is heard after {@code steadyMs} on; a cadenced one after {@code cycles} whole
 * cycles whose parts are each within ±{@value #TOLERANCE_MS} ms.
 */
final class ToneCadenceDetector {
    static final int TOLERANCE_MS = 70;
    /** -40 dBm0 as the mean square of samples scaled to ±1 (a full-scale sine is +3.14 dBm0). */
    private static final double MIN_MEAN_SQUARE = 0.5 * Math.pow(10, (-40 - 3.14) / 10);
    private static final double SHARE = 0.6;

    private final int[] freqs;
    private final List<int[]> parts = new ArrayList<>(); // {on?1:0, ms}
    private final int steadyMs;
    private final int needRuns;
    private boolean on;
    private int runMs;
    private int phase;
    private int matched;
    private boolean detected;

    ToneCadenceDetector(ToneSpec spec, int cycles, int steadyMs) {
        int[] f = new int[0];
        for (ToneSpec.Segment s : spec.segments()) {
            if (!s.silent() && f.length == 0) f = s.freqs();
            if (s.durationMs() > 0) parts.add(new int[] {s.silent() ? 0 : 1, s.durationMs()});
        }
        this.freqs = f;
        this.steadyMs = steadyMs;
        this.needRuns = cycles * parts.size();
    }

    boolean detected() { return detected; }

    void reset() {
        on = false;
        runMs = phase = matched = 0;
        detected = false;
    }

    /** Feeds one frame; true once the tone has been recognised (and until {@link #reset()}). */
    boolean feed(short[] frame) {
        boolean now = toneOn(frame);
        int ms = frame.length / 8;
        if (now == on) {
            runMs += ms;
        } else {
            if (runMs > 0) run(on, runMs);
            on = now;
            runMs = ms;
        }
        if (parts.isEmpty() && on && runMs >= steadyMs) detected = true;
        return detected;
    }

    private void run(boolean wasOn, int ms) {
        if (parts.isEmpty()) return;
        if (fits(phase, wasOn, ms)) {
            phase = (phase + 1) % parts.size();
            if (++matched >= needRuns) detected = true;
            return;
        }
        matched = 0;
        for (int i = 0; i < parts.size(); i++) {
            if (fits(i, wasOn, ms)) {
                phase = (i + 1) % parts.size();
                matched = 1;
                return;
            }
        }
    }

    private boolean fits(int i, boolean wasOn, int ms) {
        int[] p = parts.get(i);
        return (p[0] == 1) == wasOn && Math.abs(p[1] - ms) <= TOLERANCE_MS;
    }

    private boolean toneOn(short[] x) {
        double ms = 0;
        for (short s : x) ms += (s / 32768.0) * (s / 32768.0);
        ms /= x.length;
        if (ms < MIN_MEAN_SQUARE || freqs.length == 0) return false;
        double tone = 0;
        for (int f : freqs) tone += goertzel(x, f);
        return tone >= SHARE * ms;
    }

    /** Power of {@code freq} in the block, as the mean square of a sine of that amplitude. */
    static double goertzel(short[] x, double freq) {
        double w = 2 * Math.PI * freq / 8000.0;
        double coeff = 2 * Math.cos(w);
        double s1 = 0, s2 = 0;
        for (short v : x) {
            double s0 = v / 32768.0 + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double p = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        int n = x.length;
        return 2 * p / ((double) n * n);
    }
}
