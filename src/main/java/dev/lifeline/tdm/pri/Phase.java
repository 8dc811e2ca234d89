package dev.lifeline.tdm.pri;

/**
 * Where a call is, independent of which side of the span we are. The stack's logic is written
 * once in these terms; {@link CallState} gives each phase its Q.931 U or N state, because the
 * same moment of a call has different state numbers on the two sides (our outgoing SETUP puts
 * the user side in U1 but the network side in N6).
 */
enum Phase {
    NULL,
    /** We sent SETUP. */
    OUT_INITIATED,
    /** The far end sent CALL PROCEEDING (or SETUP ACKNOWLEDGE). */
    OUT_PROCEEDING,
    /** The far end alerts. */
    OUT_DELIVERED,
    /** The far end sent CONNECT, our CONNECT ACKNOWLEDGE is on its way (network side N8). */
    OUT_CONNECTING,
    /** A SETUP arrived. */
    IN_PRESENT,
    /** We sent CALL PROCEEDING. */
    IN_PROCEEDING,
    /** We sent ALERTING. */
    IN_RECEIVED,
    /** We sent CONNECT and wait for CONNECT ACKNOWLEDGE (user side U8). */
    IN_CONNECTING,
    ACTIVE,
    /** We sent DISCONNECT. */
    DISCONNECT_SENT,
    /** The far end sent DISCONNECT. */
    DISCONNECT_RECEIVED,
    /** We sent RELEASE. */
    RELEASE_SENT
}
