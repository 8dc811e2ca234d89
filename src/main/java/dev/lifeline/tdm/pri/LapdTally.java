package dev.lifeline.tdm.pri;

/**
 * The running totals behind {@link LapdCounters}. Every part of one link adds to the same tally,
 * so a frame is counted where it is handled and the status view still gets one consistent set.
 */
final class LapdTally {
    long framesIn;
    long framesOut;
    long retransmissions;
    long errors;
    long dropped;

    LapdCounters snapshot() { return new LapdCounters(framesIn, framesOut, retransmissions, errors, dropped); }
}
