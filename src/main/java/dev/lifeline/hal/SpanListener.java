package dev.lifeline.hal;

/** The narrow callback from a driver up to a span's signalling (the PRI stack). Engine thread. */
public interface SpanListener {
    /** A device plugged into the span (sim: HELLO accepted) or went away ({@code connected} false). */
    void onDevice(SpanPort span, boolean connected, long atMillis);

    /** Layer 1 changed. */
    void onLayer1(SpanPort span, SpanAlarm state, long atMillis);

    /** One LAPD frame arrived on the D-channel. */
    void onDFrame(SpanPort span, byte[] frame, long atMillis);
}
