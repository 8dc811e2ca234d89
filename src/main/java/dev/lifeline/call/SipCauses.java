package dev.lifeline.call;

/**
 * Q.850 cause <-> SIP status, after RFC 3398 (§7.2.4.1 and §8.2.6.1), so a busy analog phone
 * gives a SIP caller 486 and a SIP 404 gives an analog caller reorder and cause 1.
 */
public final class SipCauses {
    private SipCauses() {}

    /** The Q.850 cause for a final SIP failure status. */
    public static int causeFor(int status) {
        return switch (status) {
            case 400, 500, 503 -> 41;
            case 401, 402, 403, 407, 603 -> 21;
            case 404, 485, 604 -> 1;
            case 405, 406, 415, 501 -> 79;
            case 408, 504 -> 102;
            case 410 -> 22;
            case 414, 484 -> 28;
            case 480 -> 18;
            case 486, 600 -> 17;
            case 487 -> 16; // the caller gave up: normal clearing, the CDR keeps the 487
            case 488, 606 -> 65;
            case 502 -> 38;
            default -> status >= 600 ? 31 : 127;
        };
    }

    /** The SIP status to refuse a call with, for a Q.850 cause. */
    public static int statusFor(int cause) {
        return switch (cause) {
            case 1, 2, 3, 26 -> 404;
            case 17 -> 486;
            case 18, 102 -> 408;
            case 19, 20, 31 -> 480;
            case 16 -> 487;
            case 21, 55, 57, 87 -> 403;
            case 22 -> 410;
            case 27 -> 502;
            case 28 -> 484;
            case 29, 69, 79 -> 501;
            case 34, 38, 41, 42, 47, 58, 88 -> 503;
            case 65 -> 488;
            default -> 500;
        };
    }
}
