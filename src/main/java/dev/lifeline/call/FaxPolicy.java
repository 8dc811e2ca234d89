package dev.lifeline.call;

/**
 * How SIP legs carry a fax ({@code sip.fax}): T.38 when the far end takes it, or G.711 audio
 * throughout; the UDPTL redundancy depth; the fastest image rate offered and ECM.
 *
 * @param t38 true: offer T.38 on a fax and accept a far end's T.38 re-INVITE; false
 *            (pass-through): refuse T.38 offers with 488 and keep the fax on G.711
 * @param redundancy redundant IFPs per UDPTL packet (0-8): 3 survives 2-5 % loss (fax.md)
 * @param maxBitRate 9600 or 14400
 * @param ecm whether the line's T.38 gateway lets the fax machines use ECM
 */
public record FaxPolicy(boolean t38, int redundancy, int maxBitRate, boolean ecm) {
    public static final FaxPolicy DEFAULT = new FaxPolicy(true, 3, 14400, true);

    public FaxPolicy {
        if (redundancy < 0 || redundancy > 8) throw new IllegalArgumentException("UDPTL redundancy " + redundancy + " outside 0..8");
        if (maxBitRate != 9600 && maxBitRate != 14400) throw new IllegalArgumentException("fax rate " + maxBitRate + " is not 9600 or 14400");
    }
}
