package dev.lifeline.media.rtp;

/**
 * What the jitter buffer did, for status views and tests.
 *
 * @param framesPlayed    frames played from received packets
 * @param framesConcealed frames filled in by packet loss concealment (lost or late)
 * @param packetsLate     packets that arrived after their playout time (dropped)
 * @param framesDropped   frames discarded to shrink the delay
 * @param underruns       ticks that found the buffer empty
 * @param depthMs         audio buffered now
 * @param targetMs        the depth the buffer aims at now
 */
public record JitterBufferStats(long framesPlayed, long framesConcealed, long packetsLate, long framesDropped, long underruns,
        int depthMs, int targetMs) {}
