package dev.lifeline.media.audio;

/**
 * Converts a stream of 16-bit samples from one rate to another by a rational factor L/M
 * (8k↔16k↔48k: 2/1, 6/1, 1/2, 1/6, 3/1...), with a polyphase windowed-sinc low-pass filter.
 * Why a real filter: repeating samples to go up leaves images of the speech band above 4 kHz
 * (a wideband phone plays them as a metallic buzz), and dropping samples to go down folds
 * everything above the new Nyquist back into the band (a 5 kHz whistle from a G.722 phone
 * would come out of an analog phone at 3 kHz).
 *
 * <p>The prototype filter runs at the intermediate rate in·L: pass band up to
 * {@code min(in, out) / 2 − transition}, stop band from {@code min(in, out) / 2}, Kaiser window
 * (β for ≥ 70 dB), gain L; only the taps that meet a real input sample are computed
 * (the polyphase form), so the cost per output sample is the taps per phase. The history of
 * the last input samples carries across calls, so 20 ms frames join without a seam; the
 * filter delays the audio by half its length (about 2 ms at the default transition).
 *
 * <p>One instance per stream and direction; not thread-safe.
 */
public final class Resampler {
    /** Default transition band: 3.4..4 kHz when one side is 8 kHz (G.711's own pass band ends at 3.4 kHz). */
    public static final int DEFAULT_TRANSITION_HZ = 600;
    private static final double STOPBAND_DB = 75;

    private final int inRate, outRate, up, down, taps;
    private final float[][] phases; // phases[p][k] = L * h[p + k*L]
    private float[] history;        // taps-1 old samples, then the current input
    private int position;           // where the next output falls, in units of 1/(in*L) s, from the first new input

    public Resampler(int inRate, int outRate) { this(inRate, outRate, DEFAULT_TRANSITION_HZ); }

    public Resampler(int inRate, int outRate, int transitionHz) {
        if (inRate <= 0 || outRate <= 0) throw new IllegalArgumentException("rates must be positive");
        int g = gcd(inRate, outRate);
        this.inRate = inRate;
        this.outRate = outRate;
        this.up = outRate / g;
        this.down = inRate / g;
        if (up > 64 || down > 64) throw new IllegalArgumentException("ratio " + outRate + "/" + inRate + " too awkward (L or M > 64)");
        double fs = (double) inRate * up;
        double stop = Math.min(inRate, outRate) / 2.0;
        double pass = stop - transitionHz;
        if (pass <= 0) throw new IllegalArgumentException("transition " + transitionHz + " Hz too wide for " + stop + " Hz");
        double cutoff = (pass + stop) / 2 / fs;          // normalised to the intermediate rate
        double deltaW = 2 * Math.PI * transitionHz / fs;
        double beta = 0.1102 * (STOPBAND_DB - 8.7);
        int n = (int) Math.ceil((STOPBAND_DB - 8) / (2.285 * deltaW)) + 1;
        int perPhase = (n + up - 1) / up;
        this.taps = Math.max(perPhase, 2);
        int len = taps * up;
        double[] h = new double[len];
        double mid = (len - 1) / 2.0, i0Beta = besselI0(beta);
        for (int i = 0; i < len; i++) {
            double x = i - mid;
            double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            double r = 2 * x / (len - 1);
            h[i] = sinc * besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
        }
        double sum = 0;
        for (double v : h) sum += v;
        this.phases = new float[up][taps];
        for (int p = 0; p < up; p++)
            for (int k = 0; k < taps; k++) phases[p][k] = (float) (h[p + k * up] * up / sum);
        this.history = new float[taps - 1 + 960];
    }

    public int inRate() { return inRate; }
    public int outRate() { return outRate; }

    /** Taps computed per output sample (the cost). */
    public int tapsPerPhase() { return taps; }

    /** Group delay in output samples. */
    public double delaySamples() { return (taps * up - 1) / 2.0 / down; }

    /** Output samples {@code inLen} input samples give, when {@code inLen·L} is a multiple of M (whole 20 ms frames are). */
    public int outputLength(int inLen) { return (int) ((long) inLen * up / down); }

    /**
     * Resamples {@code in[inOff, inOff+inLen)} into {@code out} from {@code outOff}; returns the
     * samples written (exactly {@link #outputLength} for whole frames; a remainder of phase
     * carries over otherwise).
     */
    public int process(short[] in, int inOff, int inLen, short[] out, int outOff) {
        int keep = taps - 1;
        if (history.length < keep + inLen) {
            float[] bigger = new float[keep + inLen];
            System.arraycopy(history, 0, bigger, 0, keep);
            history = bigger;
        }
        float[] x = history;
        for (int i = 0; i < inLen; i++) x[keep + i] = in[inOff + i];
        int produced = 0;
        int limit = inLen * up;
        int pos = position;
        while (pos < limit) {
            int idx = pos / up, p = pos - idx * up;
            float[] c = phases[p];
            int newest = keep + idx;
            float acc = 0;
            for (int k = 0; k < taps; k++) acc += c[k] * x[newest - k];
            int v = Math.round(acc);
            out[outOff + produced++] = (short) (v > Short.MAX_VALUE ? Short.MAX_VALUE : v < -Short.MAX_VALUE ? -Short.MAX_VALUE : v);
            pos += down;
        }
        position = pos - limit;
        System.arraycopy(x, inLen, x, 0, keep);
        return produced;
    }

    /** Forgets the history (a new stream). */
    public void reset() {
        java.util.Arrays.fill(history, 0f);
        position = 0;
    }

    private static int gcd(int a, int b) { return b == 0 ? a : gcd(b, a % b); }

    /** Zeroth-order modified Bessel function of the first kind (series), for the Kaiser window. */
    private static double besselI0(double x) {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 50; k++) {
            term *= q / (k * k);
            sum += term;
            if (term < 1e-12 * sum) break;
        }
        return sum;
    }

    @Override public String toString() { return "Resampler[" + inRate + "->" + outRate + ", " + taps + " taps/phase]"; }
}
