package dev.lifeline.call;

/** A digital trunk ({@code span:<id>} in the dial plan) as the router sees it. */
public interface SpanDialler {
    /** Layer 2 up and the span restarted: it can carry calls now. */
    boolean up();

    /** A bearer channel is free for a new outgoing call. */
    boolean hasFreeChannel();

    /** A new outgoing leg that will send {@code digits} as the called number when alerted. */
    Leg outgoing(String digits);
}
