package dev.lifeline.rig.phone;

import dev.lifeline.dsp.CallerIdStandard;
import dev.lifeline.dsp.CallerIdTiming;
import dev.lifeline.dsp.ToneSpec;

import java.util.EnumMap;
import java.util.Map;

/**
 * The tone plans of DESIGN §3.2 written out by hand, independent of {@code dev.lifeline.dsp.ToneZone}.
 * Used when the DSP layer's table is not available, and by tests that want numbers they did not
 * take from the code under test.
 */
public final class ReferenceTones {
    private ReferenceTones() {}

    private static final int[] HOWLER = {1400, 2060, 2450, 2600};

    /** The reference plan of {@code zone} (us, uk, de, fr, eu), or null when unknown. */
    public static ZoneTones of(String zone) {
        return switch (zone.toLowerCase()) {
            case "us" -> us();
            case "uk" -> build("uk", new int[] {350, 450}, ToneSpec.cadence("ringback", -19, new int[] {400, 450}, 400, 200, 400, 2000),
                    ToneSpec.cadence("busy", -20, new int[] {400}, 375, 375),
                    ToneSpec.cadence("congestion", -20, new int[] {400}, 400, 350, 225, 525),
                    new int[] {400, 200, 400, 2000}, CallerIdStandard.V23, CallerIdTiming.BEFORE_FIRST_RING);
            case "de" -> cept("de", 480, 240, new int[] {1000, 4000}, 425);
            case "fr" -> build("fr", new int[] {440}, ToneSpec.cadence("ringback", -16, new int[] {440}, 1500, 3500),
                    ToneSpec.cadence("busy", -16, new int[] {440}, 500, 500),
                    ToneSpec.cadence("congestion", -16, new int[] {440}, 250, 250),
                    new int[] {1500, 3500}, CallerIdStandard.V23, CallerIdTiming.AFTER_FIRST_RING);
            case "eu" -> cept("eu", 500, 250, new int[] {1000, 4000}, 425);
            default -> null;
        };
    }

    /** US: 350+440 dial, 440+480 2/4 ringback, 480+620 0.5/0.5 busy, 0.25/0.25 congestion, Bell 202 CID. */
    public static ZoneTones us() {
        return build("us", new int[] {350, 440},
                ToneSpec.cadence("ringback", -19, new int[] {440, 480}, 2000, 4000),
                ToneSpec.cadence("busy", -24, new int[] {480, 620}, 500, 500),
                ToneSpec.cadence("congestion", -24, new int[] {480, 620}, 250, 250),
                new int[] {2000, 4000}, CallerIdStandard.BELL202, CallerIdTiming.AFTER_FIRST_RING);
    }

    private static ZoneTones cept(String name, int busyMs, int congMs, int[] ring, int f) {
        int[] fs = {f};
        return build(name, fs, ToneSpec.cadence("ringback", -16, fs, ring[0], ring[1]),
                ToneSpec.cadence("busy", -16, fs, busyMs, busyMs),
                ToneSpec.cadence("congestion", -16, fs, congMs, congMs),
                ring, CallerIdStandard.V23, CallerIdTiming.AFTER_FIRST_RING);
    }

    private static ZoneTones build(String name, int[] dial, ToneSpec ringback, ToneSpec busy, ToneSpec congestion,
                                   int[] ring, CallerIdStandard cid, CallerIdTiming timing) {
        Map<ToneKind, ToneSpec> m = new EnumMap<>(ToneKind.class);
        m.put(ToneKind.DIAL, ToneSpec.steady("dial", -13, dial));
        m.put(ToneKind.STUTTER_DIAL, stutter(dial));
        m.put(ToneKind.REMINDER_DIAL, ToneSpec.cadence("reminder-dial", -13, dial, 400, 100));
        m.put(ToneKind.MWI_DIAL, messageWaiting(dial));
        m.put(ToneKind.RINGBACK, ringback);
        m.put(ToneKind.BUSY, busy);
        m.put(ToneKind.CONGESTION, congestion);
        m.put(ToneKind.DISCONNECT, congestion);
        m.put(ToneKind.HOWLER, ToneSpec.cadence("howler", -10, HOWLER, 100, 100));
        return new ZoneTones(name, "reference table (DESIGN §3.2)", m, ring, cid, timing);
    }

    /** Message waiting (docs/line-services.md): five 300 ms on / 100 ms off bursts of the dial tone, then steady. */
    static ToneSpec messageWaiting(int[] dial) {
        var segs = new java.util.ArrayList<ToneSpec.Segment>();
        for (int i = 0; i < 5; i++) {
            segs.add(new ToneSpec.Segment(dial, -13, 300));
            segs.add(new ToneSpec.Segment(new int[0], -13, 100));
        }
        segs.add(new ToneSpec.Segment(dial, -13, 0));
        return new ToneSpec("mwi-dial", segs, -1);
    }

    /** Ten 100 ms on / 100 ms off pulses of the dial tone, then steady dial tone. */
    static ToneSpec stutter(int[] dial) {
        var segs = new java.util.ArrayList<ToneSpec.Segment>();
        for (int i = 0; i < 10; i++) {
            segs.add(new ToneSpec.Segment(dial, -13, 100));
            segs.add(new ToneSpec.Segment(new int[0], -13, 100));
        }
        segs.add(new ToneSpec.Segment(dial, -13, 0));
        return new ToneSpec("stutter-dial", segs, -1);
    }
}
