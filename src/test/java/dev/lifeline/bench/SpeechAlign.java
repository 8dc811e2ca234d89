package dev.lifeline.bench;

/**
 * Cuts, out of a long recording, the stretch that matches a reference clip: PESQ tolerates
 * some delay but not seconds of leading silence or the other direction's audio. Two steps, so a
 * 30 s recording aligns in well under a second: the 10 ms energy envelopes are cross-correlated
 * to find the clip to within a frame, then the waveforms around that lag to the sample.
 */
final class SpeechAlign {
    private SpeechAlign() {}

    /** Where {@code ref} starts in {@code rec} (in samples, ≥ 0), or -1 if the recording is shorter than the clip. */
    static int offset(short[] ref, short[] rec, int rate) {
        if (rec.length < ref.length) return -1;
        int hop = rate / 100;
        double[] er = envelope(ref, hop), ed = envelope(rec, hop);
        int best = 0;
        double bestC = Double.NEGATIVE_INFINITY;
        for (int lag = 0; lag + er.length <= ed.length; lag++) {
            double c = 0, n = 0;
            for (int i = 0; i < er.length; i++) { c += er[i] * ed[lag + i]; n += ed[lag + i] * ed[lag + i]; }
            c /= Math.sqrt(n + 1e-9);
            if (c > bestC) { bestC = c; best = lag; }
        }
        int from = Math.max(0, (best - 2) * hop), to = Math.min(rec.length - ref.length, (best + 2) * hop);
        int fine = from;
        bestC = Double.NEGATIVE_INFINITY;
        for (int lag = from; lag <= to; lag++) {
            double c = 0;
            for (int i = 0; i < ref.length; i += 2) c += (double) ref[i] * rec[lag + i];
            if (c > bestC) { bestC = c; fine = lag; }
        }
        return fine;
    }

    /** Mean-removed log energy per {@code hop} samples: level differences between the ends do not move the peak. */
    private static double[] envelope(short[] x, int hop) {
        double[] e = new double[x.length / hop];
        double mean = 0;
        for (int f = 0; f < e.length; f++) {
            double s = 0;
            for (int i = f * hop; i < (f + 1) * hop; i++) s += (double) x[i] * x[i];
            e[f] = Math.log10(s / hop + 1);
            mean += e[f];
        }
        mean /= Math.max(1, e.length);
        for (int f = 0; f < e.length; f++) e[f] -= mean;
        return e;
    }

    /** The {@code length} samples of {@code rec} from {@code offset} (zero-padded past its end). */
    static short[] cut(short[] rec, int offset, int length) {
        short[] out = new short[length];
        System.arraycopy(rec, offset, out, 0, Math.max(0, Math.min(length, rec.length - offset)));
        return out;
    }

    /** Level of the louder half of the 20 ms frames (dB full scale): the speech, not the pauses. */
    static double activeLevelDb(short[] x, int rate) {
        int hop = rate / 50, frames = x.length / hop;
        double[] e = new double[frames];
        for (int f = 0; f < frames; f++) {
            double s = 0;
            for (int i = f * hop; i < (f + 1) * hop; i++) s += (double) x[i] * x[i];
            e[f] = s / hop;
        }
        java.util.Arrays.sort(e);
        double s = 0;
        for (int f = frames / 2; f < frames; f++) s += e[f];
        return 10 * Math.log10(s / Math.max(1, frames - frames / 2) / (32768.0 * 32768.0) + 1e-12);
    }

    /**
     * Segmental SNR (dB, frames clamped to -10..35 as is usual) of {@code deg} against {@code ref},
     * over the frames where the reference speaks: a waveform diagnostic beside PESQ, meaningful for
     * G.711, not for Opus (which does not keep the waveform).
     */
    static double segmentalSnrDb(short[] ref, short[] deg, int rate) {
        int hop = rate / 50, frames = Math.min(ref.length, deg.length) / hop, n = 0;
        double sum = 0, threshold = Math.pow(10, (activeLevelDb(ref, rate) - 20) / 10) * 32768.0 * 32768.0;
        for (int f = 0; f < frames; f++) {
            double s = 0, e = 0;
            for (int i = f * hop; i < (f + 1) * hop; i++) {
                s += (double) ref[i] * ref[i];
                double d = ref[i] - deg[i];
                e += d * d;
            }
            if (s / hop < threshold) continue;
            sum += Math.max(-10, Math.min(35, 10 * Math.log10(s / (e + 1e-9))));
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
