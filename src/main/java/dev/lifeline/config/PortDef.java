package dev.lifeline.config;

/**
 * One analog port of a board, e.g. {@code fxs1}.
 *
 * @param echoTailMs the line echo canceller's tail on this port (how long after a sample its echo
 *                   may still come back), 0 = no canceller. It is a property of the board's line
 *                   interface and of what is plugged in: a phone on an FXS port echoes within a
 *                   few ms, an exchange line on an FXO port can add its own hybrids further away.
 */
public record PortDef(String id, PortType type, int echoTailMs) {
    /** Default tail for an FXS port: the SLIC's hybrid and a phone a few metres away. */
    public static final int DEFAULT_FXS_TAIL_MS = 16;
    /** Default tail for an FXO port: the local hybrid plus the exchange line's. */
    public static final int DEFAULT_FXO_TAIL_MS = 32;

    /** Longest tail a board profile may set (the canceller's limit, dsp.EchoCanceller.MAX_TAIL_MS). */
    public static final int MAX_TAIL_MS = 128;

    /** A port with its type's default tail. */
    public PortDef(String id, PortType type) { this(id, type, defaultTail(type)); }

    public static int defaultTail(PortType type) { return type == PortType.FXO ? DEFAULT_FXO_TAIL_MS : DEFAULT_FXS_TAIL_MS; }
}
