package dev.lifeline.rig.audio;

/**
 * A 2-wire hybrid's echo path, as the test rigs' lines model it: what a line receives comes back
 * delayed, attenuated and filtered, like the impulse response of a real hybrid (a short bulk
 * delay, then a decaying, ringing response; G.168 Annex D's models have this shape). The
 * response fills the first ~3/4 of {@code tailMs} and is scaled so that its power gain for
 * {@link SpeechLike} signal is {@code -erlDb} (echo return loss). Not thread-safe: one instance per direction.
 */
public final class Hybrid {
    private final double[] taps;
    private final double[] history;
    private int pos;
    private final int tailMs;
    private final double erlDb;

    /**
     * @param tailMs echo tail, 1..64 ms: the impulse response is over within it
     * @param erlDb  echo return loss, 0..60 dB
     */
    public Hybrid(int tailMs, double erlDb) {
        if (tailMs < 1 || tailMs > 64) throw new IllegalArgumentException("tail " + tailMs + " ms outside 1..64");
        if (erlDb < 0 || erlDb > 60) throw new IllegalArgumentException("ERL " + erlDb + " dB outside 0..60");
        this.tailMs = tailMs;
        this.erlDb = erlDb;
        int len = tailMs * 8;
        int bulk = Math.max(1, len / 8);             // line delay before the reflection starts
        int span = Math.max(4, len * 3 / 4 - bulk);  // the response dies away (-40 dB) within this
        double tau = span / Math.log(100);
        taps = new double[len];
        double energy = 0;
        for (int n = bulk; n < len; n++) {
            int k = n - bulk;
            // a decaying band-pass ring (about 600 Hz and 1.9 kHz, as a transformer hybrid's) with alternating onset
            double v = Math.exp(-k / tau) * (Math.cos(2 * Math.PI * 600 * k / 8000.0) - 0.6 * Math.cos(2 * Math.PI * 1900 * k / 8000.0 + 0.7));
            taps[n] = v;
            energy += v * v;
        }
        history = new double[len];
        double scale = Math.sqrt(Math.pow(10, -erlDb / 10) / energy);
        for (int n = 0; n < len; n++) taps[n] *= scale;
        // the ERL is what speech meets, not white noise: measure the gain on 2 s of speech-like signal and correct
        short[] probe = new SpeechLike(99, -20).next(16000);
        short[] back = echo(probe);
        double pin = 0, pout = 0;
        for (int i = 0; i < probe.length; i++) {
            pin += (double) probe[i] * probe[i];
            pout += (double) back[i] * back[i];
        }
        double correct = Math.sqrt(Math.pow(10, -erlDb / 10) * pin / pout);
        for (int n = 0; n < len; n++) taps[n] *= correct;
        java.util.Arrays.fill(history, 0);
        pos = 0;
    }

    public int tailMs() { return tailMs; }
    public double erlDb() { return erlDb; }

    /** Returns the echo of {@code in} (same length): one sample out per sample in, the state carries over. */
    public short[] echo(short[] in) {
        short[] out = new short[in.length];
        echo(in, out);
        return out;
    }

    /** Writes the echo of {@code in} into {@code out}. */
    public void echo(short[] in, short[] out) {
        int len = taps.length;
        for (int i = 0; i < in.length; i++) {
            history[pos] = in[i];
            double acc = 0;
            int idx = pos;
            for (int n = 0; n < len; n++) {
                acc += taps[n] * history[idx];
                idx = idx == 0 ? len - 1 : idx - 1;
            }
            pos = pos + 1 == len ? 0 : pos + 1;
            out[i] = (short) Math.max(-32767, Math.min(32767, Math.round(acc)));
        }
    }
}
