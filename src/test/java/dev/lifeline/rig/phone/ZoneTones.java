package dev.lifeline.rig.phone;

import dev.lifeline.dsp.CallerIdStandard;
import dev.lifeline.dsp.CallerIdTiming;
import dev.lifeline.dsp.ToneSpec;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.rig.audio.ToneClassifier;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a phone in a tone zone expects to hear: one {@link ToneSpec} per {@link ToneKind}, the
 * ring cadence and the caller-ID standard. Normally taken from the firmware's
 * {@link ToneZone}; tests may build their own (e.g. with short cadences).
 */
public final class ZoneTones {
    /** A steady tone must sound at least this long to count (DESIGN: ≥ 500 ms of dial tone). */
    public static final int STEADY_MIN_MS = 500;

    private final String name;
    private final String source;
    private final Map<ToneKind, ToneSpec> specs;
    private final int[] ringCadenceMs;
    private final CallerIdStandard callerIdStandard;
    private final CallerIdTiming callerIdTiming;

    public ZoneTones(String name, String source, Map<ToneKind, ToneSpec> specs, int[] ringCadenceMs,
                     CallerIdStandard callerIdStandard, CallerIdTiming callerIdTiming) {
        this.name = name;
        this.source = source;
        this.specs = new EnumMap<>(specs);
        this.ringCadenceMs = ringCadenceMs.clone();
        this.callerIdStandard = callerIdStandard;
        this.callerIdTiming = callerIdTiming;
    }

    /**
     * The zone as the firmware's DSP layer defines it; when that is not usable (stub or native
     * library missing) the hand-written {@link ReferenceTones} of DESIGN §3.2.
     */
    public static ZoneTones forZone(String zone) {
        try {
            ToneZone z = ToneZone.forName(zone);
            Map<ToneKind, ToneSpec> m = new EnumMap<>(ToneKind.class);
            m.put(ToneKind.DIAL, z.dial());
            m.put(ToneKind.STUTTER_DIAL, z.stutterDial());
            m.put(ToneKind.REMINDER_DIAL, z.reminderDial());
            m.put(ToneKind.MWI_DIAL, z.messageWaitingDial());
            m.put(ToneKind.RINGBACK, z.ringback());
            m.put(ToneKind.BUSY, z.busy());
            m.put(ToneKind.CONGESTION, z.congestion());
            m.put(ToneKind.DISCONNECT, z.disconnect());
            m.put(ToneKind.HOWLER, z.howler());
            return new ZoneTones(z.name(), "dev.lifeline.dsp.ToneZone", m, z.ringCadenceMs(),
                    z.callerIdStandard(), z.callerIdTiming());
        } catch (RuntimeException | LinkageError e) {
            ZoneTones ref = ReferenceTones.of(zone);
            if (ref == null) throw new IllegalArgumentException("unknown tone zone " + zone + " (" + e + ")", e);
            return ref;
        }
    }

    /** A copy with {@code kind} replaced by {@code spec}. */
    public ZoneTones with(ToneKind kind, ToneSpec spec) {
        Map<ToneKind, ToneSpec> m = new EnumMap<>(specs);
        m.put(kind, spec);
        return new ZoneTones(name, source + " (modified)", m, ringCadenceMs, callerIdStandard, callerIdTiming);
    }

    public String name() { return name; }
    /** Where the table came from, for diagnostics. */
    public String source() { return source; }
    public ToneSpec spec(ToneKind kind) { return specs.get(kind); }
    public int[] ringCadenceMs() { return ringCadenceMs.clone(); }
    public CallerIdStandard callerIdStandard() { return callerIdStandard; }
    public CallerIdTiming callerIdTiming() { return callerIdTiming; }

    /** A classifier for {@code kind}, or null for {@link ToneKind#SILENCE} or a tone the zone lacks. */
    public ToneClassifier classifier(ToneKind kind) {
        ToneSpec s = specs.get(kind);
        return s == null ? null : new ToneClassifier(s, steadyMinMs(s));
    }

    /**
     * How long a steady tone must last: {@link #STEADY_MIN_MS}, or longer than any on-part of
     * another tone with the same frequencies (in the CEPT zones a 1 s ringback burst of 425 Hz
     * must not count as dial tone).
     */
    int steadyMinMs(ToneSpec spec) {
        int min = STEADY_MIN_MS;
        for (ToneSpec other : specs.values()) {
            if (other == spec) continue;
            for (ToneSpec.Segment seg : other.segments()) {
                if (seg.durationMs() == 0 || seg.silent()) continue;
                for (ToneSpec.Segment mine : spec.segments()) {
                    if (sameFreqs(mine.freqs(), seg.freqs())) min = Math.max(min, seg.durationMs() + 100);
                }
            }
        }
        return min;
    }

    private static boolean sameFreqs(int[] a, int[] b) {
        int[] x = a.clone(), y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        return Arrays.equals(x, y);
    }
}
