package dev.lifeline.tdm.pri;

/**
 * The Q.850 cause values and locations the Q.931 stack itself produces or reacts to. Kept here
 * rather than borrowed from the call layer's table because package tdm sits below call.
 */
public final class Cause {
    private Cause() {}

    public static final int UNALLOCATED_NUMBER = 1;
    public static final int NORMAL_CLEARING = 16;
    public static final int USER_BUSY = 17;
    public static final int NORMAL_UNSPECIFIED = 31;
    public static final int RESPONSE_TO_STATUS_ENQUIRY = 30;
    public static final int NO_CIRCUIT = 34;
    public static final int TEMPORARY_FAILURE = 41;
    public static final int REQUESTED_CHANNEL_NOT_AVAILABLE = 44;
    public static final int BEARER_NOT_IMPLEMENTED = 65;
    public static final int INVALID_CALL_REFERENCE = 81;
    public static final int CHANNEL_DOES_NOT_EXIST = 82;
    public static final int MANDATORY_IE_MISSING = 96;
    public static final int MESSAGE_TYPE_NOT_IMPLEMENTED = 97;
    public static final int IE_NOT_IMPLEMENTED = 99;
    public static final int INVALID_IE_CONTENTS = 100;
    public static final int MESSAGE_NOT_COMPATIBLE_WITH_STATE = 101;
    public static final int RECOVERY_ON_TIMER_EXPIRY = 102;

    /** Cause location (Q.850 §2.2.5): the user itself, i.e. the CPE side of the span. */
    public static final int LOC_USER = 0;
    /** Public network serving the local user: what the network side of the span claims to be. */
    public static final int LOC_PUBLIC_LOCAL = 2;
}
