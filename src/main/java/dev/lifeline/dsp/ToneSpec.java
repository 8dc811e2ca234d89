package dev.lifeline.dsp;

import java.util.List;

/**
 * A call-progress tone as a sequence of segments, each a sum of up to four frequencies (or
 * silence) for a duration. Segments from {@code loopFrom} on repeat forever; {@code loopFrom < 0}
 * holds the last segment forever (e.g. stutter dial tone, then steady).
 */
public record ToneSpec(String name, List<Segment> segments, int loopFrom) {

    /** One step of a cadence. {@code freqs} empty means silence; {@code durationMs} 0 means forever. */
    public record Segment(int[] freqs, int levelDbm0, int durationMs) {
        public boolean silent() { return freqs.length == 0; }
    }

    public ToneSpec {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) throw new IllegalArgumentException("tone " + name + " has no segments");
    }

    /** A steady tone: the frequencies sound until stopped. */
    public static ToneSpec steady(String name, int levelDbm0, int... freqs) {
        return new ToneSpec(name, List.of(new Segment(freqs, levelDbm0, 0)), 0);
    }

    /** A repeating cadence: on/off durations alternate, starting with on. */
    public static ToneSpec cadence(String name, int levelDbm0, int[] freqs, int... onOffMs) {
        var segs = new java.util.ArrayList<Segment>();
        for (int i = 0; i < onOffMs.length; i++) {
            segs.add(new Segment(i % 2 == 0 ? freqs : new int[0], levelDbm0, onOffMs[i]));
        }
        return new ToneSpec(name, segs, 0);
    }
}
