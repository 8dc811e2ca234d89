package dev.lifeline.media.audio;

/** Test signals and meters at any sample rate (the shared Goertzel helper is fixed at 8 kHz). */
public final class Signals {
    private Signals() {}

    /** {@code n} samples of a sine of peak {@code amplitude} (0..1 of full scale). */
    public static short[] sine(int rate, double freq, double amplitude, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) s[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * freq * i / rate));
        return s;
    }

    /** RMS of pcm[off, off+len) as a fraction of full scale. */
    public static double rms(short[] pcm, int off, int len) {
        double e = 0;
        for (int i = 0; i < len; i++) { double v = pcm[off + i] / 32768.0; e += v * v; }
        return Math.sqrt(e / len);
    }

    /** Amplitude (peak, fraction of full scale) of {@code freq} in pcm[off, off+len) at {@code rate}, by Goertzel. */
    public static double amplitudeAt(short[] pcm, int off, int len, int rate, double freq) {
        double w = 2 * Math.PI * freq / rate, coeff = 2 * Math.cos(w), s1 = 0, s2 = 0;
        for (int i = 0; i < len; i++) {
            double s = pcm[off + i] / 32768.0 + coeff * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        double p = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return 2 * Math.sqrt(Math.max(0, p)) / len;
    }

    /** The frequency of the strongest Goertzel bin between lo and hi in 10 Hz steps. */
    public static double peakHz(short[] pcm, int off, int len, int rate, double lo, double hi) {
        double best = lo, bestA = -1;
        for (double f = lo; f <= hi; f += 10) {
            double a = amplitudeAt(pcm, off, len, rate, f);
            if (a > bestA) { bestA = a; best = f; }
        }
        return best;
    }

    public static double db(double ratio) { return 20 * Math.log10(Math.max(ratio, 1e-12)); }

    /** Runs a whole signal through r in 20 ms frames, as a call would. */
    public static short[] inFrames(Resampler r, short[] in) {
        int frame = r.inRate() / 50;
        short[] out = new short[r.outputLength(in.length)];
        int o = 0;
        for (int off = 0; off + frame <= in.length; off += frame) o += r.process(in, off, frame, out, o);
        return out;
    }
}
