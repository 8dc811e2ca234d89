package dev.lifeline.dsp;

/** Detects DTMF digits in 8 kHz linear PCM. */
public final class DtmfDetector implements AutoCloseable {
    public DtmfDetector() { throw new UnsupportedOperationException("stub"); }
    /** Feeds audio; returns the digits completed within it ("" if none). */
    public String process(short[] pcm, int off, int len) { throw new UnsupportedOperationException("stub"); }
    @Override public void close() {}
}
