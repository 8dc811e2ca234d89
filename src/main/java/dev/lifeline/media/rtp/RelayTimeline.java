package dev.lifeline.media.rtp;

/**
 * Moves the timestamps of a stream relayed into a session onto that session's own timeline:
 * the first relayed packet (and the first after the source changes SSRC) lands just after
 * what the session last sent, later ones keep their distance from it, so the far end sees one
 * continuous stream across the switch between our own frames and relayed ones. Sequence
 * numbers are moved the same way ({@link #mapSeq}): a packet lost before the gateway leaves a gap
 * downstream too, so the far end's jitter buffer sees the loss and can rebuild the frame from the
 * next packet's Opus FEC instead of playing the stream 20 ms early (renumbering the relayed
 * packets back to back hid every loss; measured with PESQ, docs/voice-quality.md). Guarded by
 * the session's {@link RtpOutput} lock.
 */
final class RelayTimeline {
    /** A relay that delivered nothing for this long has stopped: the session encodes again. */
    static final long IDLE_NANOS = 100_000_000L;

    private boolean active;
    private long sourceSsrc = -1, sourceBase, base, lastNanos;
    private boolean seqFresh = true;
    private int seqSourceBase, seqBase;

    /** Our (unmasked) timestamp for a relayed packet; {@code next} is where our own next frame would go. */
    long map(long ssrc, long sourceTs, long next, long nowNanos) {
        if (!active || ssrc != sourceSsrc) {
            sourceSsrc = ssrc;
            sourceBase = sourceTs;
            base = next;
            active = true;
            seqFresh = true;
        }
        lastNanos = nowNanos;
        return base + (sourceTs - sourceBase);
    }

    /**
     * Our sequence number for the relayed packet with {@code sourceSeq}, called after {@link #map}
     * for the same packet; {@code next} is the number our own next packet would take. The first
     * packet of a mapping takes {@code next}, later ones keep their distance from it (mod 2^16):
     * gaps and reordering pass through as they came.
     */
    int mapSeq(int sourceSeq, int next) {
        if (seqFresh) {
            seqSourceBase = sourceSeq;
            seqBase = next;
            seqFresh = false;
        }
        return (seqBase + ((sourceSeq - seqSourceBase) & 0xFFFF)) & 0xFFFF;
    }

    /** True while relayed packets keep coming. */
    boolean active(long nowNanos) { return active && nowNanos - lastNanos < IDLE_NANOS; }

    /** Our own frames take over again; the next relayed packet starts a new mapping. */
    void end() {
        active = false;
        sourceSsrc = -1;
    }
}
