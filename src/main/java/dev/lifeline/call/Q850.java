package dev.lifeline.call;

/** The Q.850 release causes Lifeline uses, by name. */
public final class Q850 {
    private Q850() {}
    public static final int UNALLOCATED_NUMBER = 1;
    public static final int NO_ROUTE = 3;
    public static final int NORMAL_CLEARING = 16;
    public static final int USER_BUSY = 17;
    public static final int NO_USER_RESPONDING = 18;
    public static final int NO_ANSWER = 19;
    /** Nobody there now (call pickup with nothing ringing): SIP 480. */
    public static final int SUBSCRIBER_ABSENT = 20;
    public static final int CALL_REJECTED = 21;
    /** Another phone took the call (a hunt group member that lost, a picked-up line). */
    public static final int NON_SELECTED_USER_CLEARING = 26;
    public static final int INVALID_NUMBER_FORMAT = 28;
    public static final int NORMAL_UNSPECIFIED = 31;
    public static final int NO_CIRCUIT = 34;
    public static final int TEMPORARY_FAILURE = 41;

    /** Whether the caller should hear busy (rather than reorder) for this cause. */
    public static boolean isBusy(int cause) { return cause == USER_BUSY; }

    /** Whether the cause means the call could not be set up for a network/number reason. */
    public static boolean isCongestion(int cause) {
        return cause == UNALLOCATED_NUMBER || cause == NO_ROUTE || cause == INVALID_NUMBER_FORMAT
                || cause == NO_CIRCUIT || cause == TEMPORARY_FAILURE || cause == NO_ANSWER
                || cause == NO_USER_RESPONDING || cause == SUBSCRIBER_ABSENT || cause == CALL_REJECTED;
    }
}
