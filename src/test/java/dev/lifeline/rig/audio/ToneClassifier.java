package dev.lifeline.rig.audio;

import dev.lifeline.dsp.ToneSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides whether audio contains a {@link ToneSpec}: the right frequencies (see
 * {@link BlockLabeller}) with the right cadence. A cadenced tone matches once a whole cycle has
 * been observed with every on and off part complete and within {@link #TOLERANCE_MS} (and the
 * cadence visibly going on after it, see {@link #continues}); a steady
 * tone once it has sounded for {@code steadyMinMs}; a tone that ends in a steady part (stutter
 * dial tone) once its last two on/off pairs and then {@code steadyMinMs} of steady tone are seen.
 */
public final class ToneClassifier {
    public static final int TOLERANCE_MS = 40;
    public static final double DEFAULT_MIN_DBM0 = -40;
    /** The last part of a sequence: sounds (or is silent) until stopped. */
    private static final int FOREVER = 0;
    private static final int MS_PER_BLOCK = 10;

    private record Part(int label, int ms) {}
    /** A run of equally labelled blocks, [start, end) in block indices. */
    public record Run(int label, int start, int end) {
        public int ms() { return (end - start) * MS_PER_BLOCK; }
    }

    private final ToneSpec spec;
    private final int steadyMinMs;
    private final BlockLabeller labeller;
    private final List<Part> parts = new ArrayList<>();
    private final boolean cyclic;

    public ToneClassifier(ToneSpec spec, int steadyMinMs) {
        this(spec, steadyMinMs, DEFAULT_MIN_DBM0);
    }

    public ToneClassifier(ToneSpec spec, int steadyMinMs, double minDbm0) {
        this.spec = spec;
        this.steadyMinMs = steadyMinMs;
        List<int[]> sets = new ArrayList<>();
        List<ToneSpec.Segment> segs = spec.segments();
        int from = spec.loopFrom() >= 0 ? spec.loopFrom() : 0;
        for (int i = from; i < segs.size(); i++) {
            ToneSpec.Segment s = segs.get(i);
            int label = s.silent() ? BlockLabeller.QUIET : setIndex(sets, s.freqs());
            boolean last = i == segs.size() - 1;
            int ms = s.durationMs() == 0 || (last && spec.loopFrom() < 0) ? FOREVER : s.durationMs();
            Part prev = parts.isEmpty() ? null : parts.get(parts.size() - 1);
            if (prev != null && prev.label == label) {
                parts.set(parts.size() - 1, new Part(label, prev.ms == FOREVER || ms == FOREVER ? FOREVER : prev.ms + ms));
            } else {
                parts.add(new Part(label, ms));
            }
            if (ms == FOREVER) break;
        }
        cyclic = parts.stream().noneMatch(p -> p.ms == FOREVER);
        labeller = new BlockLabeller(sets, minDbm0);
    }

    public ToneSpec spec() { return spec; }

    /** Length of one full cadence cycle (or of the steady part), for deciding how much to look back. */
    public int cycleMs() {
        int sum = 0;
        for (Part p : parts) sum += p.ms == FOREVER ? steadyMinMs : p.ms;
        return sum;
    }

    /**
     * True when {@code pcm[0..len)} contains the tone and the matching stretch lasts until at
     * least sample {@code mustReachSample} (so a tone that stopped before then does not count).
     */
    public boolean matches(short[] pcm, int len, int mustReachSample) {
        List<Run> runs = runs(labeller.label(pcm, len));
        int nBlocks = len / BlockLabeller.BLOCK;
        int reach = Math.min(nBlocks, mustReachSample / BlockLabeller.BLOCK);
        return cyclic ? matchCycle(runs, nBlocks, reach) : matchSequence(runs, reach);
    }

    /** Runs of the block labels, with every non-matching sound merged into silence. */
    public List<Run> runs(int[] labels) {
        List<Run> runs = new ArrayList<>();
        int start = 0;
        for (int b = 1; b <= labels.length; b++) {
            if (b == labels.length || norm(labels[b]) != norm(labels[start])) {
                runs.add(new Run(norm(labels[start]), start, b));
                start = b;
            }
        }
        return runs;
    }

    private boolean matchCycle(List<Run> runs, int nBlocks, int reach) {
        int n = parts.size();
        for (int i = 0; i + n <= runs.size(); i++) {
            if (runs.get(i).start == 0 || runs.get(i + n - 1).end >= nBlocks) continue;   // incomplete
            if (runs.get(i + n - 1).end < reach) continue;
            for (int rot = 0; rot < n; rot++) {
                if (parts.get(rot).label < 0) continue;
                boolean ok = true;
                for (int k = 0; k < n && ok; k++) {
                    Part p = parts.get((rot + k) % n);
                    Run r = runs.get(i + k);
                    ok = r.label == p.label && Math.abs(r.ms() - p.ms) <= TOLERANCE_MS;
                }
                if (ok && continues(runs.get(i + n), parts.get(rot), nBlocks)) return true;
            }
        }
        return false;
    }

    /**
     * The run after a matched cycle must look like the cadence going on: complete and within
     * tolerance, or still running and already {@code min(expected - 40, 300)} ms long. Without
     * this, the 400/350 ms start of the UK congestion cadence would pass for 375/375 ms busy.
     */
    private static boolean continues(Run after, Part expected, int nBlocks) {
        if (after.label != expected.label) return false;
        if (after.end < nBlocks) return Math.abs(after.ms() - expected.ms) <= TOLERANCE_MS;
        return after.ms() >= Math.min(expected.ms - TOLERANCE_MS, 300);
    }

    private boolean matchSequence(List<Run> runs, int reach) {
        Part last = parts.get(parts.size() - 1);
        int before = Math.min(4, parts.size() - 1);
        for (int i = before; i < runs.size(); i++) {
            Run r = runs.get(i);
            if (r.label != last.label || r.ms() < steadyMinMs || r.end < reach) continue;
            boolean ok = true;
            for (int k = 1; k <= before && ok; k++) {
                Part p = parts.get(parts.size() - 1 - k);
                Run q = runs.get(i - k);
                ok = q.start > 0 && q.label == p.label && Math.abs(q.ms() - p.ms) <= TOLERANCE_MS;
            }
            if (ok) return true;
        }
        return false;
    }

    /** True when {@code pcm[0..len)} has {@code minMs} of continuous quiet reaching {@code mustReachSample}. */
    public static boolean quiet(short[] pcm, int len, int mustReachSample, int minMs, double minDbm0) {
        int[] labels = new BlockLabeller(List.of(), minDbm0).label(pcm, len);
        int reach = mustReachSample / BlockLabeller.BLOCK, runStart = -1;
        for (int b = 0; b <= labels.length; b++) {
            boolean q = b < labels.length && labels[b] == BlockLabeller.QUIET;
            if (q && runStart < 0) runStart = b;
            if (!q && runStart >= 0) {
                if ((b - runStart) * MS_PER_BLOCK >= minMs && b >= reach) return true;
                runStart = -1;
            }
        }
        return false;
    }

    private static int norm(int label) { return label < 0 ? BlockLabeller.QUIET : label; }

    private static int setIndex(List<int[]> sets, int[] freqs) {
        int[] sorted = freqs.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sets.size(); i++) if (Arrays.equals(sets.get(i), sorted)) return i;
        sets.add(sorted);
        return sets.size() - 1;
    }
}
