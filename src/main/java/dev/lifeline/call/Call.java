package dev.lifeline.call;

import java.time.Instant;
import java.util.UUID;

/** One call attempt between a calling and (once routed) a called leg. Engine-thread only. */
public final class Call {
    /** Where a call is in its life. */
    public enum Phase { ROUTING, ALERTING, CONNECTED, ENDED }

    final String uuid = UUID.randomUUID().toString();
    /** Not final: a transfer puts the transferred party in the transferring line's place (Transfers). */
    Leg caller;
    final String dialled;
    final Instant start;
    final long startMillis;
    String normalized;
    /** The mode when the call was placed (see CallEngine.modeOf for what the CDR records). */
    String mode;
    Leg callee;
    Phase phase = Phase.ROUTING;
    Instant answer;
    Instant end;
    long alertedAt;
    int cause;
    /** The destinations still to try (the router's plan). */
    Router.Plan plan;
    /** Cause of the last destination that could not take the call, reported if none can. */
    int lastCause;
    /** The other half of a hairpin through HQ: ends with this call. */
    Call linked;
    /** The extension being rung when it was reached as a local destination (its services apply), else null. */
    String calleeExt;
    /** The first extension that forwarded this call (for the CDR), or null. */
    String forwardedFrom;
    /** Extensions this call was forwarded from, in order: a forward back to one of them is a loop. */
    final java.util.List<String> forwardedThrough = new java.util.ArrayList<>();

    /** A party transferred out of this call into another: it lives on there, so it is not disposed here. */
    Leg transferred;

    Call(Leg caller, String dialled, Instant start, long startMillis) {
        this.caller = caller;
        this.dialled = dialled;
        this.start = start;
        this.startMillis = startMillis;
    }

    public String uuid() { return uuid; }
    public Leg caller() { return caller; }
    public Leg callee() { return callee; }
    public String dialled() { return dialled; }
    public String normalized() { return normalized; }
    public Phase phase() { return phase; }
    public Instant start() { return start; }
    public Instant answer() { return answer; }

    /** The leg on the other side of {@code leg}, or null. */
    Leg other(Leg leg) { return leg == caller ? callee : caller; }

    /** The two parties hear each other: on answer, and when a transfer has put a new party in. */
    void connectParties(long now) {
        caller.connect(callee.audio(), now);
        callee.connect(caller.audio(), now);
    }
}
