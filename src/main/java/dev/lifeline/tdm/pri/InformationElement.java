package dev.lifeline.tdm.pri;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One information element as it travels: codeset, identifier and raw contents (without the
 * identifier and length octets). Single-octet elements keep their whole octet as the identifier
 * and have empty contents. Interpreting the contents is {@link Ies}'s job, so an element this
 * stack does not understand still round-trips and can be skipped.
 */
public record InformationElement(int codeset, int id, byte[] content) {
    public static final int BEARER_CAPABILITY = 0x04;
    public static final int CAUSE = 0x08;
    public static final int CALL_STATE = 0x14;
    public static final int CHANNEL_ID = 0x18;
    public static final int FACILITY = 0x1C;
    public static final int PROGRESS_INDICATOR = 0x1E;
    public static final int NOTIFICATION_INDICATOR = 0x27;
    public static final int DISPLAY = 0x28;
    public static final int DATE_TIME = 0x29;
    public static final int KEYPAD = 0x2C;
    public static final int SIGNAL = 0x34;
    public static final int CALLING_NUMBER = 0x6C;
    public static final int CALLING_SUBADDRESS = 0x6D;
    public static final int CALLED_NUMBER = 0x70;
    public static final int CALLED_SUBADDRESS = 0x71;
    public static final int REDIRECTING_NUMBER = 0x74;
    public static final int RESTART_INDICATOR = 0x79;
    public static final int LOW_LAYER_COMPAT = 0x7C;
    public static final int HIGH_LAYER_COMPAT = 0x7D;
    public static final int USER_USER = 0x7E;
    /** Single-octet type 2 "sending complete": the called number is complete (en-bloc). */
    public static final int SENDING_COMPLETE = 0xA1;

    public InformationElement {
        content = content == null ? new byte[0] : content;
    }

    /** A codeset 0 variable-length element. */
    public static InformationElement of(int id, int... octets) {
        byte[] b = new byte[octets.length];
        for (int i = 0; i < octets.length; i++) b[i] = (byte) octets[i];
        return new InformationElement(0, id, b);
    }

    public boolean singleOctet() { return (id & 0x80) != 0; }

    /** Contents octet {@code i} as 0-255, or -1 past the end (so parsers need no bounds checks). */
    public int octet(int i) { return i >= 0 && i < content.length ? content[i] & 0xFF : -1; }

    public int length() { return content.length; }

    /**
     * Codeset 0 elements this stack reads or knowingly ignores. Anything else earns the sender a
     * STATUS cause 99, or is treated as a missing mandatory element when its identifier says
     * "comprehension required" (Q.931 §5.8.7.1).
     */
    static boolean recognized(int id) {
        return switch (id) {
            case BEARER_CAPABILITY, CAUSE, CALL_STATE, CHANNEL_ID, FACILITY, PROGRESS_INDICATOR,
                 NOTIFICATION_INDICATOR, DISPLAY, DATE_TIME, KEYPAD, SIGNAL, CALLING_NUMBER,
                 CALLING_SUBADDRESS, CALLED_NUMBER, CALLED_SUBADDRESS, REDIRECTING_NUMBER,
                 RESTART_INDICATOR, LOW_LAYER_COMPAT, HIGH_LAYER_COMPAT, USER_USER,
                 0x20 /* network-specific facilities */, 0x4C /* connected number */, 0x4D /* connected subaddress */,
                 0x73 /* original called number */, 0x76 /* redirection number */ -> true;
            default -> (id & 0x80) != 0; // single-octet: shift handled by the codec, others harmless
        };
    }

    /** Q.931 §4.5.1: codeset 0 identifiers 0000xxxx must be understood by the receiver. */
    static boolean comprehensionRequired(int id) { return (id & 0xF0) == 0; }

    @Override public boolean equals(Object o) {
        return o instanceof InformationElement e && e.codeset == codeset && e.id == id && Arrays.equals(e.content, content);
    }

    @Override public int hashCode() { return 31 * (31 * codeset + id) + Arrays.hashCode(content); }

    @Override public String toString() {
        return String.format("IE[%d:%02X %s]", codeset, id, HexFormat.of().formatHex(content));
    }
}
