package dev.lifeline.dsp;

import java.util.Arrays;
import java.util.Objects;

/**
 * Builds a complete caller-ID spill (seizure, marks, message, checksum) as 8 kHz linear PCM,
 * ready to play into the ring silence (or after the line reversal, BEFORE_FIRST_RING).
 * FSK spills use 300 bits of channel seizure and 180 mark bits; a DTMF spill is
 * "A&lt;number&gt;C". Every spill ends with {@value #TRAILING_SILENCE_MS} ms of silence so the
 * receiver's last stop bits are out before ringing resumes.
 */
public final class CallerIdGenerator {
    static final int TRAILING_SILENCE_MS = 100;

    private CallerIdGenerator() {}

    /**
     * @throws IllegalArgumentException for SDMF with V.23/DTMF, a number longer than 20, or a
     *         non-digit DTMF number
     */
    public static short[] generate(CallerIdStandard standard, CallerIdFormat format, CallerId id) {
        Dsp.ensureAvailable();
        Objects.requireNonNull(standard, "standard");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(id, "id");
        byte[] fields = CallerIdCodec.encode(standard, format, id);
        short[] pcm = Native.cidGenerate0(CallerIdCodec.adsiStandard(standard), fields);
        if (pcm == null || pcm.length == 0)
            throw new IllegalStateException("spandsp adsi could not build a " + standard + " " + format + " spill for " + id);
        return Arrays.copyOf(pcm, pcm.length + TRAILING_SILENCE_MS * 8);
    }
}
