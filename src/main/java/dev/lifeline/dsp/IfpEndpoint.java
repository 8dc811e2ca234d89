package dev.lifeline.dsp;

/**
 * The packet side of a T.38 endpoint (gateway or terminal): IFP packets, the T.38 payload that
 * UDPTL carries. The transport (media.udptl) only needs this, so it works the same for the line's
 * gateway and for a T.38 terminal.
 */
public interface IfpEndpoint {
    /** Largest IFP {@link #pollIfp} returns. */
    int MAX_IFP_OUT = 1024;
    /** Largest IFP {@link #receiveIfp} takes; longer ones are refused. */
    int MAX_IFP_IN = 2048;

    /**
     * An IFP from the network with its UDPTL sequence number (gaps tell spandsp packets were
     * lost). Returns false, and counts it, when the packet is malformed or too long: network input
     * is never an exception.
     */
    boolean receiveIfp(byte[] ifp, int off, int len, int seq);

    /**
     * The next IFP to send, or null when none waits. Drained every frame; the native queue holds 64.
     * Indicators and the ends of bursts come with 3 repeats: send the same datagram that often.
     */
    IfpPacket pollIfp();
}
