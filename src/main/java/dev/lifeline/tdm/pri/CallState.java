package dev.lifeline.tdm.pri;

import dev.lifeline.tdm.TransitionTable;

/**
 * The Q.931 call states (§2.1 user side, §2.2 network side) this stack uses, each tied to its
 * {@link Phase}, with one declared transition table per side. A transition the table does not
 * allow is a bug in the stack and throws, as everywhere else in package tdm.
 */
public enum CallState {
    U0(0, "NULL", Phase.NULL, false),
    U1(1, "CALL INITIATED", Phase.OUT_INITIATED, false),
    U3(3, "OUTGOING CALL PROCEEDING", Phase.OUT_PROCEEDING, false),
    U4(4, "CALL DELIVERED", Phase.OUT_DELIVERED, false),
    U6(6, "CALL PRESENT", Phase.IN_PRESENT, false),
    U7(7, "CALL RECEIVED", Phase.IN_RECEIVED, false),
    U8(8, "CONNECT REQUEST", Phase.IN_CONNECTING, false),
    U9(9, "INCOMING CALL PROCEEDING", Phase.IN_PROCEEDING, false),
    U10(10, "ACTIVE", Phase.ACTIVE, false),
    U11(11, "DISCONNECT REQUEST", Phase.DISCONNECT_SENT, false),
    U12(12, "DISCONNECT INDICATION", Phase.DISCONNECT_RECEIVED, false),
    U19(19, "RELEASE REQUEST", Phase.RELEASE_SENT, false),

    N0(0, "NULL", Phase.NULL, true),
    N1(1, "CALL INITIATED", Phase.IN_PRESENT, true),
    N3(3, "OUTGOING CALL PROCEEDING", Phase.IN_PROCEEDING, true),
    N4(4, "CALL DELIVERED", Phase.IN_RECEIVED, true),
    N6(6, "CALL PRESENT", Phase.OUT_INITIATED, true),
    N7(7, "CALL RECEIVED", Phase.OUT_DELIVERED, true),
    N8(8, "CONNECT REQUEST", Phase.OUT_CONNECTING, true),
    N9(9, "INCOMING CALL PROCEEDING", Phase.OUT_PROCEEDING, true),
    N10(10, "ACTIVE", Phase.ACTIVE, true),
    N11(11, "DISCONNECT REQUEST", Phase.DISCONNECT_RECEIVED, true),
    N12(12, "DISCONNECT INDICATION", Phase.DISCONNECT_SENT, true),
    N19(19, "RELEASE REQUEST", Phase.RELEASE_SENT, true);

    /** The value sent in the call state element. */
    public final int code;
    public final String label;
    final Phase phase;
    final boolean network;

    CallState(int code, String label, Phase phase, boolean network) {
        this.code = code;
        this.label = label;
        this.phase = phase;
        this.network = network;
    }

    /** The state a side is in for a phase; null when that side has no such state (user side has no N8 analogue). */
    static CallState of(boolean network, Phase phase) {
        for (CallState s : values()) if (s.network == network && s.phase == phase) return s;
        return null;
    }

    @Override public String toString() { return name() + " " + label; }

    /** User side (CPE, {@code pri-cpe}). Every state may drop to U0 (RELEASE COMPLETE, restart, T309, STATUS). */
    static final TransitionTable<CallState> USER = TransitionTable.builder(CallState.class)
            .allow(U0, U1, U6)
            .allow(U1, U3, U4, U10, U11, U12, U19, U0)
            .allow(U3, U4, U10, U11, U12, U19, U0)
            .allow(U4, U10, U11, U12, U19, U0)
            .allow(U6, U9, U7, U8, U11, U19, U0)
            .allow(U9, U7, U8, U11, U12, U19, U0)
            .allow(U7, U8, U11, U12, U19, U0)
            .allow(U8, U10, U11, U12, U19, U0)
            .allow(U10, U11, U12, U19, U0)
            .allow(U11, U19, U0)
            .allow(U12, U19, U0)
            .allow(U19, U0)
            .build();

    /** Network side ({@code pri-net}). N8 is passed through on the way to N10 when CONNECT arrives. */
    static final TransitionTable<CallState> NETWORK = TransitionTable.builder(CallState.class)
            .allow(N0, N6, N1)
            .allow(N6, N9, N7, N8, N11, N12, N19, N0)
            .allow(N9, N7, N8, N11, N12, N19, N0)
            .allow(N7, N8, N11, N12, N19, N0)
            .allow(N8, N10, N11, N12, N19, N0)
            .allow(N1, N3, N4, N10, N12, N19, N0)
            .allow(N3, N4, N10, N11, N12, N19, N0)
            .allow(N4, N10, N11, N12, N19, N0)
            .allow(N10, N11, N12, N19, N0)
            .allow(N11, N19, N0)
            .allow(N12, N19, N0)
            .allow(N19, N0)
            .build();

    static TransitionTable<CallState> table(boolean network) { return network ? NETWORK : USER; }
}
