package dev.lifeline.tdm.pri;

/**
 * A calling or called party number as Q.931 §4.5.10/§4.5.8 carries it.
 *
 * @param digits       IA5 digits (0-9, *, #), may be empty
 * @param typeOfNumber Q.931 type of number: 0 unknown, 1 international, 2 national, 3 network specific, 4 subscriber, 6 abbreviated
 * @param plan         numbering plan: 0 unknown, 1 ISDN/telephony (E.164), 9 private
 * @param presentation calling only: 0 allowed, 1 restricted, 2 not available; -1 when absent
 * @param screening    calling only: 0 user-provided not screened, 1 user-provided verified and passed,
 *                     2 user-provided verified and failed, 3 network provided; -1 when absent
 */
public record PartyNumber(String digits, int typeOfNumber, int plan, int presentation, int screening) {
    public static final int TON_UNKNOWN = 0, TON_INTERNATIONAL = 1, TON_NATIONAL = 2, TON_SUBSCRIBER = 4;
    public static final int PLAN_UNKNOWN = 0, PLAN_ISDN = 1, PLAN_PRIVATE = 9;

    /** A number with unknown type and the ISDN plan, presentation allowed (calling) / absent. */
    public static PartyNumber of(String digits) { return new PartyNumber(digits, TON_UNKNOWN, PLAN_ISDN, -1, -1); }

    public boolean restricted() { return presentation == 1; }
}
