package dev.lifeline.dsp;

/** Generates a {@link ToneSpec} continuously, 8 kHz linear PCM, keeping its place in the cadence. */
public final class ToneGenerator implements AutoCloseable {
    public ToneGenerator(ToneSpec spec) { throw new UnsupportedOperationException("stub"); }
    /** Fills {@code buf[off..off+len)} with the next samples of the tone. */
    public void generate(short[] buf, int off, int len) { throw new UnsupportedOperationException("stub"); }
    public ToneSpec spec() { throw new UnsupportedOperationException("stub"); }
    @Override public void close() {}
}
