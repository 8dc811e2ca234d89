package dev.lifeline.tdm.pri;

/**
 * Who keeps a B-channel when both sides send a SETUP for it at the same time (glare). Q.931's
 * rule is that the network side wins; a PBX pair on a private line may agree otherwise. Both
 * ends must be configured alike: the side that wins refuses the other's SETUP with cause 44,
 * the side that yields withdraws its own call (cause 34, so the router tries the next route)
 * and takes the incoming one.
 */
public enum GlareRule {
    NETWORK_WINS, USER_WINS;

    /** Whether the side {@code networkSide} gives its call up in glare. */
    boolean yields(boolean networkSide) { return this == NETWORK_WINS ? !networkSide : networkSide; }
}
