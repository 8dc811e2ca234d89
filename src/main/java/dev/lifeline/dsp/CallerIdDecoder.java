package dev.lifeline.dsp;

/** Decodes caller-ID spills from 8 kHz linear PCM (what a phone's CID unit does). */
public final class CallerIdDecoder implements AutoCloseable {
    public CallerIdDecoder(CallerIdStandard standard) { throw new UnsupportedOperationException("stub"); }
    public void process(short[] pcm, int off, int len) { throw new UnsupportedOperationException("stub"); }
    /** The next decoded message, or null. */
    public CallerId poll() { throw new UnsupportedOperationException("stub"); }
    @Override public void close() {}
}
