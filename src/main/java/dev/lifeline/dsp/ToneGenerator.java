package dev.lifeline.dsp;

import java.lang.ref.Reference;
import java.util.Objects;

/**
 * Generates a {@link ToneSpec} continuously, 8 kHz linear PCM, keeping its place in the cadence.
 * The cadence loop runs natively over spandsp DDS oscillators (spandsp's tone_gen is limited
 * to 2 frequencies and 4 steps); successive {@link #generate} calls continue sample-exactly,
 * so 20 ms frames join without clicks or cadence drift.
 */
public final class ToneGenerator implements AutoCloseable {
    private final ToneSpec spec;
    private final NativeContext ctx;

    public ToneGenerator(ToneSpec spec) {
        Dsp.ensureAvailable();
        this.spec = Objects.requireNonNull(spec, "spec");
        this.ctx = new NativeContext(this, "tone generator '" + spec.name() + "'",
                Native.toneNew0(flatten(spec), spec.loopFrom()), Native::toneFree0);
    }

    /** Fills {@code buf[off..off+len)} with the next samples of the tone. */
    public synchronized void generate(short[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        try {
            Native.check(Native.toneGenerate0(ctx.handle(), buf, off, len), "tone generation");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public ToneSpec spec() { return spec; }

    @Override public synchronized void close() { ctx.close(); }

    /** The native layout: 7 ints per segment (nfreq, f0..f3, level, duration ms). Validates first. */
    static int[] flatten(ToneSpec spec) {
        var segs = spec.segments();
        if (segs.size() > 256) throw new IllegalArgumentException("tone " + spec.name() + ": more than 256 segments");
        if (spec.loopFrom() >= segs.size())
            throw new IllegalArgumentException("tone " + spec.name() + ": loopFrom " + spec.loopFrom() + " beyond " + segs.size() + " segments");
        int[] out = new int[segs.size() * 7];
        for (int i = 0; i < segs.size(); i++) {
            ToneSpec.Segment s = segs.get(i);
            int[] f = s.freqs();
            if (f.length > 4) throw new IllegalArgumentException("tone " + spec.name() + ": segment " + i + " has more than 4 frequencies");
            for (int hz : f) {
                if (hz <= 0 || hz >= 4000) throw new IllegalArgumentException("tone " + spec.name() + ": frequency " + hz + " Hz outside 1..3999");
            }
            if (s.durationMs() < 0) throw new IllegalArgumentException("tone " + spec.name() + ": negative duration");
            if (s.levelDbm0() > 3 || s.levelDbm0() < -90) throw new IllegalArgumentException("tone " + spec.name() + ": level " + s.levelDbm0() + " dBm0 outside -90..3");
            out[i * 7] = f.length;
            System.arraycopy(f, 0, out, i * 7 + 1, f.length);
            out[i * 7 + 5] = s.levelDbm0();
            out[i * 7 + 6] = s.durationMs();
        }
        return out;
    }
}
