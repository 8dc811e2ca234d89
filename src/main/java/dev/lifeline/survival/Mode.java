package dev.lifeline.survival;

/** The gateway's operating mode (DESIGN §7). */
public enum Mode {
    /** HQ reachable: lines register upstream, calls go via HQ. */
    NORMAL,
    /** HQ unreachable: the gateway is registrar and router for the branch. */
    SURVIVAL,
    /** HQ answers again; still routing locally until the hold-down proves the WAN stable. */
    RECOVERING
}
