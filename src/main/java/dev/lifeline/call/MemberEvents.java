package dev.lifeline.call;

/**
 * What a leg that rings other legs on its own behalf (a hunt group) is told about them. The
 * members' own signalling reaches the engine as events for the member legs; the engine passes
 * those of a watched member ({@link CallEngine#watch}) here instead of looking for their call.
 * Engine thread.
 */
interface MemberEvents {
    /** {@code member} answered. */
    void memberAnswered(Leg member, long now);

    /** {@code member} could not take the call (busy, not registered, declined, gone) with a Q.850 cause. */
    void memberRejected(Leg member, int cause, long now);
}
