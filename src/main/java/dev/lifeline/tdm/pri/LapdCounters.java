package dev.lifeline.tdm.pri;

/**
 * Totals since start for the status view. A climbing {@code retransmissions} or {@code errors}
 * with the link up points at the line (slips, bit errors) rather than at signalling.
 */
public record LapdCounters(long framesIn, long framesOut, long retransmissions, long errors, long dropped) {}
