package dev.lifeline.rig.phone;

import dev.lifeline.rig.audio.Levels;
import dev.lifeline.rig.audio.ToneClassifier;
import dev.lifeline.testutil.Goertzel;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Answers "what does the phone hear?" over {@link HeardAudio}: zone tones with cadence
 * ({@link ToneClassifier}), single frequencies and levels (the independent {@link Goertzel} meter).
 */
final class Hearing {
    /** Most specific first: cadenced tones before the steady ones their parts could be mistaken for. */
    private static final List<ToneKind> ORDER = List.of(ToneKind.HOWLER, ToneKind.CONGESTION, ToneKind.BUSY,
            ToneKind.DISCONNECT, ToneKind.RINGBACK, ToneKind.REMINDER_DIAL, ToneKind.STUTTER_DIAL, ToneKind.MWI_DIAL,
            ToneKind.DIAL);
    private static final int SILENCE_MS = 500;
    private static final int POLL_SAMPLES = 800;   // re-analyse every 100 ms of new audio

    private final HeardAudio heard;
    private final ZoneTones tones;
    private final BooleanSupplier lineOpen;

    Hearing(HeardAudio heard, ZoneTones tones, BooleanSupplier lineOpen) {
        this.heard = heard;
        this.tones = tones;
        this.lineOpen = lineOpen;
    }

    /**
     * Waits until {@code kind} is heard. Audio from one cadence cycle before the call counts
     * (so a ringback already running is recognised quickly), but the matching stretch must last
     * until the moment of the call: a tone that had already stopped does not count.
     */
    boolean awaitTone(ToneKind kind, Duration timeout) throws InterruptedException {
        long callPos = heard.total();
        long deadline = System.nanoTime() + timeout.toNanos();
        ToneClassifier c = classifier(kind);
        long lookback = c == null ? 0 : (c.cycleMs() + 1000L) * 8;
        while (true) {
            long total = heard.total();
            long from = Math.max(heard.oldest(), callPos - lookback);
            short[] pcm = heard.copy(from, total);
            int reach = (int) (callPos - from);
            boolean ok = c == null
                    ? ToneClassifier.quiet(pcm, pcm.length, reach, SILENCE_MS, ToneClassifier.DEFAULT_MIN_DBM0)
                    : c.matches(pcm, pcm.length, reach);
            if (ok) return true;
            long now = System.nanoTime();
            if (now - deadline >= 0 || !lineOpen.getAsBoolean()) return false;
            heard.awaitMore(total + POLL_SAMPLES - 1, Math.min(deadline, now + 200_000_000L));
        }
    }

    /** Best-effort: the zone tone heard within the last {@code window}, SILENCE, or null (something else). */
    ToneKind heardTone(Duration window) {
        short[] pcm = heard.last(samples(window));
        for (ToneKind k : ORDER) {
            ToneClassifier c = tones.classifier(k);
            if (c != null && c.matches(pcm, pcm.length, 0)) return k;
        }
        int tail = Math.min(pcm.length, SILENCE_MS * 8);
        short[] end = java.util.Arrays.copyOfRange(pcm, pcm.length - tail, pcm.length);
        return tail > 0 && ToneClassifier.quiet(end, end.length, 0, SILENCE_MS - 10, ToneClassifier.DEFAULT_MIN_DBM0)
                ? ToneKind.SILENCE : null;
    }

    /** Goertzel power (1.0 = full-scale sine) of {@code freqHz} over the last {@code window}. */
    double level(double freqHz, Duration window) {
        short[] pcm = heard.last(samples(window));
        return pcm.length == 0 ? 0 : Goertzel.power(pcm, 0, pcm.length, freqHz);
    }

    /**
     * True when, in some 50 ms of the last {@code within}, {@code freqHz} carries at least half
     * the energy at a level above -45 dBm0.
     */
    boolean hears(double freqHz, Duration within) {
        short[] pcm = heard.last(samples(within));
        for (int off = 0; off + 400 <= pcm.length; off += 400) {
            if (Levels.dbm0OfMeanSquare(Levels.meanSquare(pcm, off, 400)) >= -45
                    && Goertzel.dominant(pcm, off, 400, freqHz, 0.5)) return true;
        }
        return false;
    }

    private ToneClassifier classifier(ToneKind kind) {
        if (kind == ToneKind.SILENCE) return null;
        ToneClassifier c = tones.classifier(kind);
        if (c == null) throw new IllegalArgumentException("tone zone " + tones.name() + " defines no " + kind);
        return c;
    }

    private static int samples(Duration d) { return (int) Math.min(Integer.MAX_VALUE, d.toMillis() * 8); }
}
