package dev.lifeline.dsp;

import java.util.Arrays;
import java.util.Objects;

/**
 * The visual message-waiting indication an FXS line sends on hook, without ringing: one MDMF
 * message of type {@code 0x82} (Message Waiting Indicator, Bellcore GR-30 / ETSI EN 300 659-3)
 * carrying the Visual Indicator parameter {@code 0x0B} with {@code 0xFF} (lamp on) or
 * {@code 0x00} (lamp off). Phones with a message lamp or display icon show it from this alone.
 *
 * <p>Only the visual indicator is sent, not a message count: the count parameter exists in
 * ETSI only (0x13) and US phones ignore it, so one message shape serves every zone. spandsp's
 * adsi does the framing (length octet, checksum) and the modem: Bell 202 for CLASS zones,
 * V.23 for ETSI ones. DTMF caller-ID zones have no MWI message; they are refused.
 */
public final class MessageWaitingSpill {
    /** MDMF message type "message waiting indicator". */
    public static final int MSG_MWI = 0x82;
    /** MDMF parameter "visual indicator". */
    public static final int P_VISUAL_INDICATOR = 0x0B;
    public static final int ON = 0xFF, OFF = 0x00;

    private MessageWaitingSpill() {}

    /** The message as [msgType, (fieldType, len, body)*] for the native adsi_add_field loop. */
    static byte[] fields(boolean on) {
        return new byte[] {(byte) MSG_MWI, (byte) P_VISUAL_INDICATOR, 1, (byte) (on ? ON : OFF)};
    }

    /**
     * The message as it goes on the line after the mark bits: type, length, parameter, and
     * the checksum (the two's complement of the sum of all other octets, modulo 256).
     */
    public static byte[] wire(boolean on) {
        byte[] f = fields(on);
        byte[] w = new byte[f.length + 2];
        w[0] = f[0];
        w[1] = (byte) (f.length - 1);
        System.arraycopy(f, 1, w, 2, f.length - 1);
        int sum = 0;
        for (int i = 0; i < w.length - 1; i++) sum += w[i] & 0xFF;
        w[w.length - 1] = (byte) (-sum & 0xFF);
        return w;
    }

    /**
     * The spill as 8 kHz linear PCM: 300 bits of channel seizure, 180 mark bits, the message,
     * then {@value CallerIdGenerator#TRAILING_SILENCE_MS} ms of silence.
     *
     * @throws IllegalArgumentException for {@link CallerIdStandard#DTMF}
     */
    public static short[] generate(CallerIdStandard standard, boolean on) {
        Objects.requireNonNull(standard, "standard");
        if (standard == CallerIdStandard.DTMF) throw new IllegalArgumentException("DTMF caller ID has no message-waiting message");
        Dsp.ensureAvailable();
        short[] pcm = Native.cidGenerate0(CallerIdCodec.adsiStandard(standard), fields(on));
        if (pcm == null || pcm.length == 0) throw new IllegalStateException("spandsp adsi could not build a " + standard + " MWI spill");
        return Arrays.copyOf(pcm, pcm.length + CallerIdGenerator.TRAILING_SILENCE_MS * 8);
    }

    /**
     * A received, checksum-verified message (type, length, parameters; no checksum): TRUE or
     * FALSE for a message-waiting message with a visual indicator, null for anything else.
     * Any non-zero indicator counts as on, as phones treat it (GR-30 sends 0xFF).
     */
    public static Boolean decode(byte[] msg, int len) {
        if (len < 2 || (msg[0] & 0xFF) != MSG_MWI) return null;
        int end = Math.min(len, 2 + (msg[1] & 0xFF));
        for (int pos = 2; pos + 2 <= end; ) {
            int type = msg[pos] & 0xFF, fl = msg[pos + 1] & 0xFF;
            if (pos + 2 + fl > end) return null;
            if (type == P_VISUAL_INDICATOR && fl == 1) return (msg[pos + 2] & 0xFF) != OFF;
            pos += 2 + fl;
        }
        return null;
    }
}
