package dev.lifeline.dsp;

/** Builds a complete caller-ID spill (seizure, marks, message, checksum) as 8 kHz linear PCM. */
public final class CallerIdGenerator {
    private CallerIdGenerator() {}
    public static short[] generate(CallerIdStandard standard, CallerIdFormat format, CallerId id) {
        throw new UnsupportedOperationException("stub");
    }
}
