package dev.lifeline.bench;

import dev.lifeline.rig.audio.Wav;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Scores reference/degraded WAV pairs with {@code scripts/lib/pesq_score.py} (PyPI {@code pesq}:
 * P.862 + P.862.1 mapping in narrowband mode, P.862.2 in wideband mode; both give MOS-LQO), one
 * Python process for a whole list. Before anything is reported, {@link #selfCheck} proves the
 * chain: a sample against itself must score about 4.5 and the same sample in white noise clearly
 * lower, or the bench stops instead of printing numbers it cannot stand behind.
 */
final class PesqScorer {
    private final Path python, script;

    PesqScorer(Path python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** MOS-LQO of each pair (NaN where PESQ refused it, e.g. no speech found). */
    Map<PesqBench.Pair, Double> score(List<PesqBench.Pair> pairs, Path work) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        for (PesqBench.Pair p : pairs) lines.add(line(p.rate(), p.ref(), p.deg()));
        List<Double> mos = run(lines, work);
        Map<PesqBench.Pair, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i++) out.put(pairs.get(i), mos.get(i));
        return out;
    }

    /** Scores the sample against itself and against a copy in white noise at 5 dB SNR; throws unless ≈ 4.5 and clearly lower. */
    String selfCheck(PesqBench.Sample s, Path work) throws IOException, InterruptedException {
        Path ref = work.resolve("check-ref.wav"), noisy = work.resolve("check-noisy.wav");
        Wav.write(ref, s.nb(), 8000);
        Wav.write(noisy, withNoise(s.nb(), 5, 8000), 8000);
        List<Double> m = run(List.of(line(8000, ref, ref), line(8000, ref, noisy)), work);
        String result = String.format(Locale.ROOT, "reference vs itself %.2f, vs white noise at 5 dB SNR %.2f", m.get(0), m.get(1));
        if (!(m.get(0) > 4.3) || !(m.get(1) < m.get(0) - 1.0))
            throw new IllegalStateException("the PESQ chain fails its self-check: " + result);
        return result;
    }

    /** {@code x} plus white noise {@code snrDb} below its active speech level (seeded). */
    static short[] withNoise(short[] x, double snrDb, int rate) {
        double noiseRms = 32768 * Math.pow(10, (SpeechAlign.activeLevelDb(x, rate) - snrDb) / 20);
        SplittableRandom r = new SplittableRandom(42);
        short[] out = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i] + noiseRms * Math.sqrt(3) * (2 * r.nextDouble() - 1);
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
        }
        return out;
    }

    private static String line(int rate, Path ref, Path deg) {
        return rate + "\t" + (rate == 16000 ? "wb" : "nb") + "\t" + ref.toAbsolutePath() + "\t" + deg.toAbsolutePath();
    }

    private List<Double> run(List<String> lines, Path work) throws IOException, InterruptedException {
        Path manifest = Files.createTempFile(work, "pesq", ".tsv");
        Files.write(manifest, lines, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(python.toString(), script.toString(), manifest.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("pesq_score.py failed: " + out);
        List<Double> mos = new ArrayList<>();
        for (String l : out.strip().split("\n")) {
            if (l.isBlank() || l.startsWith("#")) continue;
            mos.add(l.startsWith("error") ? Double.NaN : Double.parseDouble(l.strip()));
        }
        if (mos.size() != lines.size()) throw new IOException("pesq_score.py scored " + mos.size() + " of " + lines.size() + " pairs: " + out);
        return mos;
    }
}
