package dev.lifeline.tdm.pri;

/** Q.931 §4.4 message type octets (escape 0x00 for national types is not used). */
public final class MessageType {
    private MessageType() {}

    public static final int ALERTING = 0x01;
    public static final int CALL_PROCEEDING = 0x02;
    public static final int PROGRESS = 0x03;
    public static final int SETUP = 0x05;
    public static final int CONNECT = 0x07;
    public static final int SETUP_ACKNOWLEDGE = 0x0D;
    public static final int CONNECT_ACKNOWLEDGE = 0x0F;
    public static final int USER_INFORMATION = 0x20;
    public static final int DISCONNECT = 0x45;
    public static final int RESTART = 0x46;
    public static final int RELEASE = 0x4D;
    public static final int RESTART_ACKNOWLEDGE = 0x4E;
    public static final int RELEASE_COMPLETE = 0x5A;
    public static final int SEGMENT = 0x60;
    public static final int FACILITY = 0x62;
    public static final int NOTIFY = 0x6E;
    public static final int STATUS_ENQUIRY = 0x75;
    public static final int INFORMATION = 0x7B;
    public static final int STATUS = 0x7D;

    /** Name for logs; {@code 0xNN} for a type this stack does not know. */
    public static String name(int type) {
        return switch (type) {
            case ALERTING -> "ALERTING";
            case CALL_PROCEEDING -> "CALL PROCEEDING";
            case PROGRESS -> "PROGRESS";
            case SETUP -> "SETUP";
            case CONNECT -> "CONNECT";
            case SETUP_ACKNOWLEDGE -> "SETUP ACKNOWLEDGE";
            case CONNECT_ACKNOWLEDGE -> "CONNECT ACKNOWLEDGE";
            case USER_INFORMATION -> "USER INFORMATION";
            case DISCONNECT -> "DISCONNECT";
            case RESTART -> "RESTART";
            case RELEASE -> "RELEASE";
            case RESTART_ACKNOWLEDGE -> "RESTART ACKNOWLEDGE";
            case RELEASE_COMPLETE -> "RELEASE COMPLETE";
            case SEGMENT -> "SEGMENT";
            case FACILITY -> "FACILITY";
            case NOTIFY -> "NOTIFY";
            case STATUS_ENQUIRY -> "STATUS ENQUIRY";
            case INFORMATION -> "INFORMATION";
            case STATUS -> "STATUS";
            default -> String.format("0x%02X", type);
        };
    }

    /** Whether the type exists in Q.931 for circuit-mode calls (else the answer is STATUS cause 97). */
    public static boolean known(int type) { return !name(type).startsWith("0x"); }
}
