package dev.lifeline.media;

import dev.lifeline.dsp.ToneGenerator;
import dev.lifeline.dsp.ToneSpec;

/** Plays a call-progress tone through the DSP tone generator; owns the native context. */
public final class ToneSource implements AudioSource, AutoCloseable {
    private final ToneGenerator generator;

    public ToneSource(ToneSpec spec) { generator = new ToneGenerator(spec); }

    public String name() { return generator.spec().name(); }

    @Override
    public boolean read(short[] frame) {
        generator.generate(frame, 0, frame.length);
        return true;
    }

    @Override
    public void close() { generator.close(); }
}
