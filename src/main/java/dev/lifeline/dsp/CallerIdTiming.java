package dev.lifeline.dsp;

/** When the caller-ID spill is sent relative to ringing. */
public enum CallerIdTiming {
    /** In the silence after the first ring (Bellcore GR-30, ETSI EN 300 659-1 ring-first). */
    AFTER_FIRST_RING,
    /** Before the first ring, after a line polarity reversal and alert tone (BT SIN 227). */
    BEFORE_FIRST_RING
}
