package dev.lifeline.media.rtp;

/**
 * Moves the timestamps of a stream relayed into a session onto that session's own timeline:
 * the first relayed packet (and the first after the source changes SSRC) lands just after
 * what the session last sent, later ones keep their distance from it, so the far end sees one
 * continuous stream across the switch between our own frames and relayed ones. Guarded by
 * the session's {@link RtpOutput} lock.
 */
final class RelayTimeline {
    /** A relay that delivered nothing for this long has stopped: the session encodes again. */
    static final long IDLE_NANOS = 100_000_000L;

    private boolean active;
    private long sourceSsrc = -1, sourceBase, base, lastNanos;

    /** Our (unmasked) timestamp for a relayed packet; {@code next} is where our own next frame would go. */
    long map(long ssrc, long sourceTs, long next, long nowNanos) {
        if (!active || ssrc != sourceSsrc) {
            sourceSsrc = ssrc;
            sourceBase = sourceTs;
            base = next;
            active = true;
        }
        lastNanos = nowNanos;
        return base + (sourceTs - sourceBase);
    }

    /** True while relayed packets keep coming. */
    boolean active(long nowNanos) { return active && nowNanos - lastNanos < IDLE_NANOS; }

    /** Our own frames take over again; the next relayed packet starts a new mapping. */
    void end() {
        active = false;
        sourceSsrc = -1;
    }
}
