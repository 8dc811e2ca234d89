package dev.lifeline.media.rtp;

import java.util.concurrent.atomic.LongAdder;

/**
 * SRTP counts of the whole gateway since start, over every RTP session, for {@code status}: how
 * many legs were protected, and how many received packets were dropped failing authentication or
 * as replays. A CDR has the counts of its call; these show an operator at a glance whether
 * anything is hitting the media ports without having to add up CDRs.
 */
public final class SrtpTotals {
    private SrtpTotals() {}

    static final LongAdder LEGS = new LongAdder();
    static final LongAdder AUTH_FAILURES = new LongAdder();
    static final LongAdder REPLAYS = new LongAdder();

    /** RTP sessions that had SRTP keys at some point. */
    public static long legs() { return LEGS.sum(); }

    public static long authFailures() { return AUTH_FAILURES.sum(); }

    public static long replays() { return REPLAYS.sum(); }
}
