package dev.lifeline.tdm.pri;

/**
 * One call on the span as the call layer holds it. Created by the stack (incoming SETUP or
 * {@link PriCallControl#setup}); valid until {@link PriListener#onReleased}.
 */
public interface PriCall {
    /** Call reference value (without the flag bit). */
    int callReference();

    /** The B-channel timeslot the call uses (1-15, 17-31), 0 before one is agreed. */
    int timeslot();

    /** Originated by this side (we sent the SETUP). */
    boolean outgoing();

    /** The SETUP as sent or received. */
    PriSetup setup();

    /** Q.931 call state name for status and logs, e.g. {@code U10 ACTIVE} or {@code N10 ACTIVE}. */
    String stateName();

    /** Whatever the call layer attaches (its leg). */
    Object attachment();

    void attach(Object attachment);
}
