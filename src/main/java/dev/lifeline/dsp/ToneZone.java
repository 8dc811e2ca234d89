package dev.lifeline.dsp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The call-progress tones, ring cadence and caller-ID method of a country (DESIGN §3.2).
 * A board profile names its zone ({@code tone-zone: us}); everything an analog line plays or
 * expects follows from it. Levels are -13 dBm0 per frequency (the howler -10 dBm0 each:
 * it must be heard from a phone left off-hook, and four tones at -10 sum without clipping).
 * Zones whose plans define no stutter/howler/call-waiting tone use the zone's dial
 * frequencies interrupted 100/100 ms ten times, the US howler, and a 300 ms beep.
 */
public final class ToneZone {
    static final int LEVEL = -13;
    static final int HOWLER_LEVEL = -10;
    private static final int[] HOWLER = {1400, 2060, 2450, 2600};

    private static final Map<String, ToneZone> ZONES = new LinkedHashMap<>();

    static {
        add(new ToneZone("us", new int[] {350, 440}, new int[] {440, 480}, new int[] {2000, 4000},
                new int[] {480, 620}, new int[] {500, 500}, new int[] {480, 620}, new int[] {250, 250},
                440, true, new int[] {2000, 4000}, CallerIdStandard.BELL202, CallerIdTiming.AFTER_FIRST_RING));
        add(new ToneZone("uk", new int[] {350, 450}, new int[] {400, 450}, new int[] {400, 200, 400, 2000},
                new int[] {400}, new int[] {375, 375}, new int[] {400}, new int[] {400, 350, 225, 525},
                400, false, new int[] {400, 200, 400, 2000}, CallerIdStandard.V23, CallerIdTiming.BEFORE_FIRST_RING));
        add(new ToneZone("de", new int[] {425}, new int[] {425}, new int[] {1000, 4000},
                new int[] {425}, new int[] {480, 480}, new int[] {425}, new int[] {240, 240},
                425, false, new int[] {1000, 4000}, CallerIdStandard.V23, CallerIdTiming.AFTER_FIRST_RING));
        add(new ToneZone("fr", new int[] {440}, new int[] {440}, new int[] {1500, 3500},
                new int[] {440}, new int[] {500, 500}, new int[] {440}, new int[] {250, 250},
                440, false, new int[] {1500, 3500}, CallerIdStandard.V23, CallerIdTiming.AFTER_FIRST_RING));
        add(new ToneZone("eu", new int[] {425}, new int[] {425}, new int[] {1000, 4000},
                new int[] {425}, new int[] {500, 500}, new int[] {425}, new int[] {250, 250},
                425, false, new int[] {1000, 4000}, CallerIdStandard.V23, CallerIdTiming.AFTER_FIRST_RING));
    }

    private static void add(ToneZone z) { ZONES.put(z.name, z); }

    private final String name;
    private final ToneSpec dial, stutterDial, messageWaitingDial, ringback, busy, congestion, disconnect, howler, callWaiting,
            reminderDial;
    private final int[] ringCadenceMs;
    private final CallerIdStandard cidStandard;
    private final CallerIdTiming cidTiming;

    private ToneZone(String name, int[] dialF, int[] ringbackF, int[] ringbackCad, int[] busyF, int[] busyCad,
                     int[] congF, int[] congCad, int cwFreq, boolean disconnectIsCongestion, int[] ringCad,
                     CallerIdStandard cidStandard, CallerIdTiming cidTiming) {
        this.name = name;
        this.dial = ToneSpec.steady(name + "/dial", LEVEL, dialF);
        this.stutterDial = stutter(name + "/stutter-dial", dialF);
        this.reminderDial = ToneSpec.cadence(name + "/reminder-dial", LEVEL, dialF, 400, 100);
        this.messageWaitingDial = messageWaiting(name + "/mwi-dial", dialF);
        this.ringback = ToneSpec.cadence(name + "/ringback", LEVEL, ringbackF, ringbackCad);
        this.busy = ToneSpec.cadence(name + "/busy", LEVEL, busyF, busyCad);
        this.congestion = ToneSpec.cadence(name + "/congestion", LEVEL, congF, congCad);
        this.disconnect = disconnectIsCongestion ? congestion : busy;
        this.howler = ToneSpec.cadence(name + "/howler", HOWLER_LEVEL, HOWLER, 100, 100);
        this.callWaiting = new ToneSpec(name + "/call-waiting", List.of(
                new ToneSpec.Segment(new int[] {cwFreq}, LEVEL, 300),
                new ToneSpec.Segment(new int[0], LEVEL, 0)), -1);
        this.ringCadenceMs = ringCad.clone();
        this.cidStandard = cidStandard;
        this.cidTiming = cidTiming;
    }

    /** Ten 100/100 ms interruptions, then the steady dial tone held (survival mode: the backup path). */
    private static ToneSpec stutter(String name, int[] freqs) {
        List<ToneSpec.Segment> segs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            segs.add(new ToneSpec.Segment(freqs, LEVEL, 100));
            segs.add(new ToneSpec.Segment(new int[0], LEVEL, 100));
        }
        segs.add(new ToneSpec.Segment(freqs, LEVEL, 0));
        return new ToneSpec(name, segs, -1);
    }

    /**
     * Five 300/100 ms bursts, then the steady dial tone held: message waiting. Deliberately not
     * the classic ten 100/100 ms stutter, which survival mode already uses; the same two seconds
     * before steady tone, but slow long bursts against fast short ones, so a user (and the test
     * rig's classifier, 40 ms tolerance) tells them apart (docs/line-services.md).
     */
    private static ToneSpec messageWaiting(String name, int[] freqs) {
        List<ToneSpec.Segment> segs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            segs.add(new ToneSpec.Segment(freqs, LEVEL, 300));
            segs.add(new ToneSpec.Segment(new int[0], LEVEL, 100));
        }
        segs.add(new ToneSpec.Segment(freqs, LEVEL, 0));
        return new ToneSpec(name, segs, -1);
    }

    /** The zone by name (case-insensitive). @throws IllegalArgumentException naming the known zones */
    public static ToneZone forName(String name) {
        ToneZone z = name == null ? null : ZONES.get(name.trim().toLowerCase(Locale.ROOT));
        if (z == null) throw new IllegalArgumentException("unknown tone zone '" + name + "'; known zones: " + String.join(", ", ZONES.keySet()));
        return z;
    }

    public static Set<String> names() { return Collections.unmodifiableSet(ZONES.keySet()); }

    public String name() { return name; }
    public ToneSpec dial() { return dial; }
    /** Survival mode's dial tone: ten fast 100/100 ms interruptions, then steady. */
    public ToneSpec stutterDial() { return stutterDial; }

    /**
     * Dial tone broken every 400 ms for 100 ms, for as long as it plays: a line in do-not-disturb
     * (issue #13). Unlike the stutter dial tone (ten breaks, then steady: survival mode) it never
     * settles, so the two cannot be mistaken for each other.
     */
    public ToneSpec reminderDial() { return reminderDial; }

    /** A line with messages waiting: five 300/100 ms bursts, then steady (distinct from {@link #stutterDial()}). */
    public ToneSpec messageWaitingDial() { return messageWaitingDial; }
    public ToneSpec ringback() { return ringback; }
    public ToneSpec busy() { return busy; }
    public ToneSpec congestion() { return congestion; }
    /** Heard after the far end hangs up: reorder in the US, busy in the European zones. */
    public ToneSpec disconnect() { return disconnect; }
    /** Receiver-off-hook warning. */
    public ToneSpec howler() { return howler; }
    public ToneSpec callWaiting() { return callWaiting; }
    /** Ring cadence as on/off milliseconds, repeating. */
    public int[] ringCadenceMs() { return ringCadenceMs.clone(); }
    public CallerIdStandard callerIdStandard() { return cidStandard; }
    public CallerIdTiming callerIdTiming() { return cidTiming; }

    @Override public String toString() { return "ToneZone[" + name + "]"; }
}
