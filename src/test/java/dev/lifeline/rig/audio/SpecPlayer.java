package dev.lifeline.rig.audio;

import dev.lifeline.dsp.ToneSpec;

/**
 * Plays a {@link ToneSpec} as 8 kHz PCM in plain Java, keeping its place in the cadence. The
 * rig's own generator: it does not depend on the DSP code under test, so a fake line card or
 * the virtual phone can produce reference tones even where the native library is missing.
 * Each frequency of a segment sounds at the segment's level (dBm0 per component).
 */
public final class SpecPlayer {
    private final ToneSpec spec;
    private int seg;
    private long leftInSeg;
    private final double[] phase = new double[8];

    public SpecPlayer(ToneSpec spec) {
        this.spec = spec;
        enter(0);
    }

    /** A steady sine of {@code freqHz} at {@code dbm0}. */
    public static SpecPlayer sine(double freqHz, double dbm0) {
        return new SpecPlayer(ToneSpec.steady("sine " + freqHz, (int) Math.round(dbm0), (int) Math.round(freqHz)));
    }

    public ToneSpec spec() { return spec; }

    /** Fills {@code buf[off..off+len)} with the next samples. */
    public void generate(short[] buf, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (leftInSeg == 0) next();
            ToneSpec.Segment s = spec.segments().get(seg);
            double amp = Levels.amplitude(s.levelDbm0());
            double v = 0;
            int[] f = s.freqs();
            for (int k = 0; k < f.length && k < phase.length; k++) {
                v += amp * Math.sin(phase[k]);
                phase[k] += 2 * Math.PI * f[k] / 8000.0;
                if (phase[k] > 2 * Math.PI) phase[k] -= 2 * Math.PI;
            }
            buf[off + i] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
            if (leftInSeg > 0) leftInSeg--;
        }
    }

    /** Convenience: the next {@code n} samples as a new array. */
    public short[] next(int n) {
        short[] b = new short[n];
        generate(b, 0, n);
        return b;
    }

    private void next() {
        int n = seg + 1;
        if (n >= spec.segments().size()) {
            n = spec.loopFrom() >= 0 ? spec.loopFrom() : spec.segments().size() - 1;
            if (spec.loopFrom() < 0) { leftInSeg = -1; return; }   // hold the last segment forever
        }
        enter(n);
    }

    private void enter(int n) {
        seg = n;
        int ms = spec.segments().get(n).durationMs();
        leftInSeg = ms == 0 ? -1 : ms * 8L;   // -1: forever (never reaches 0)
        java.util.Arrays.fill(phase, 0);
    }
}
