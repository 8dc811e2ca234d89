package dev.lifeline.tdm;

import dev.lifeline.dsp.CallerIdTiming;

/**
 * When, relative to the start of an incoming call, the line reverses polarity, sends the alert
 * tone and the caller-ID spill, and starts ringing. Ring-first zones (US Bellcore, ETSI ring
 * first) send the spill 500 ms into the first silence; BT SIN 227 sends polarity reversal,
 * a dual-tone alert and the spill before the first ring.
 */
record CallerIdPlan(long polarityAt, long alertAt, long spillAt, long ringStart) {
    static final int ALERT_MS = 100;

    static CallerIdPlan of(CallerIdTiming timing, int[] ringCadence, long now, int spillMs) {
        if (timing == CallerIdTiming.BEFORE_FIRST_RING) {
            long alert = now + 100;
            long spill = alert + ALERT_MS + 60;
            return new CallerIdPlan(now, alert, spill, spill + spillMs + 250);
        }
        return new CallerIdPlan(-1, -1, now + ringCadence[0] + 500, now);
    }
}
