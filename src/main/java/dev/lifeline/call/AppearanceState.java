package dev.lifeline.call;

import dev.lifeline.tdm.TransitionTable;

/**
 * Where one call stands on an analog line that can be in two calls at once (call waiting, hold,
 * three-way calling): a "line appearance". At most one appearance of a line is {@link #ACTIVE}
 * (owns the handset); the transitions are declared in {@link #TABLE} and logged per port.
 */
public enum AppearanceState {
    /** Not in a call. */
    FREE,
    /** Offered on an idle line: the line rings. */
    RINGING,
    /** Offered while the line is in another call: call-waiting tone and type II caller ID. */
    WAITING,
    /** The call the handset is in (dialling, ringback, talking, or the far end's disconnect tone). */
    ACTIVE,
    /** Answered, but the user flashed away: the far party hears the hold tone or music. */
    HELD,
    /** The user hung up with this call held: the line rings again to take it back. */
    RECALL,
    /** Three-way calling: both calls of the line and the line talk together, mixed in the tick. */
    CONFERENCE;

    /** Declared transitions of an appearance. */
    public static final TransitionTable<AppearanceState> TABLE = TransitionTable.builder(AppearanceState.class)
            .allow(FREE, RINGING, WAITING, ACTIVE)
            .allow(RINGING, ACTIVE, FREE)
            .allow(WAITING, ACTIVE, RINGING, FREE)
            .allow(ACTIVE, HELD, FREE, CONFERENCE)
            .allow(HELD, ACTIVE, RECALL, FREE, CONFERENCE)
            .allow(RECALL, ACTIVE, FREE)
            .allow(CONFERENCE, ACTIVE, FREE)
            .build();
}
