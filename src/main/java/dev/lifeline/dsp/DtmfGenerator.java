package dev.lifeline.dsp;

/** Generates DTMF digits (0-9 * # A-D) as 8 kHz linear PCM. */
public final class DtmfGenerator implements AutoCloseable {
    /** Default timing: 80 ms tone, 80 ms pause, -10 dBm0 per tone. */
    public DtmfGenerator() { this(80, 80, -10); }
    public DtmfGenerator(int onMs, int offMs, int levelDbm0) { throw new UnsupportedOperationException("stub"); }
    public void queue(String digits) { throw new UnsupportedOperationException("stub"); }
    /** Writes up to len samples; returns how many were tone/pause, the rest is zero-filled. */
    public int generate(short[] buf, int off, int len) { throw new UnsupportedOperationException("stub"); }
    public boolean isIdle() { throw new UnsupportedOperationException("stub"); }
    @Override public void close() {}
}
