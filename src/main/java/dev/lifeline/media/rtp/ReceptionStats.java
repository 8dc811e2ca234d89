package dev.lifeline.media.rtp;

/**
 * Per-source receive statistics of RFC 3550 Appendix A.1 (extended sequence numbers,
 * expected and lost packets, validity of large jumps) and A.8 (interarrival jitter). Updated
 * by the receive thread, read by the RTCP timer and {@code stats()}: callers synchronize.
 */
final class ReceptionStats {
    private static final int MAX_DROPOUT = 3000, MAX_MISORDER = 100, SEQ_MOD = 1 << 16;

    private boolean started;
    private int maxSeq, badSeq = -1;
    private long cycles, baseSeq, received, expectedPrior, receivedPrior;
    private int lastTransit;
    private boolean haveTransit;
    private double jitter; // timestamp units

    void reset() {
        started = false;
        badSeq = -1;
        received = expectedPrior = receivedPrior = 0;
        haveTransit = false;
        jitter = 0;
    }

    /**
     * Accounts one packet; returns its extended sequence number, or -1 when it belongs to a
     * jump too large to trust yet (two in a row restart the sequence, as A.1 does).
     */
    long update(int seq) {
        if (!started) {
            restart(seq);
            received = 1;
            return seq;
        }
        int udelta = (seq - maxSeq) & 0xFFFF;
        long ext;
        if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) cycles += SEQ_MOD;
            maxSeq = seq;
            ext = cycles + seq;
        } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) {
                restart(seq); // the other side restarted: follow it
                received = 1;
                return seq;
            }
            badSeq = (seq + 1) & 0xFFFF;
            return -1;
        } else {
            ext = cycles + seq - (seq > maxSeq ? SEQ_MOD : 0); // misordered or duplicate
            if (ext < 0) return -1;
        }
        received++;
        return ext;
    }

    private void restart(int seq) {
        started = true;
        baseSeq = seq;
        maxSeq = seq;
        cycles = 0;
        badSeq = -1;
        expectedPrior = receivedPrior = 0;
    }

    /** A.8: arrival and RTP timestamp in the same clock units (8 kHz). */
    void jitter(long arrivalUnits, long rtpTimestamp) {
        int transit = (int) (arrivalUnits - rtpTimestamp);
        if (haveTransit) {
            int d = Math.abs(transit - lastTransit);
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
        haveTransit = true;
    }

    boolean started() { return started; }
    long received() { return received; }
    long extendedMax() { return cycles + maxSeq; }
    long expected() { return started ? extendedMax() - baseSeq + 1 : 0; }
    long lost() { return Math.max(0, expected() - received); }
    double jitterUnits() { return jitter; }

    /** Fraction lost since the previous call, 8-bit fixed point (RFC 3550 A.3); advances the interval. */
    int fractionLostAndAdvance() {
        long exp = expected(), expInterval = exp - expectedPrior, recInterval = received - receivedPrior;
        expectedPrior = exp;
        receivedPrior = received;
        long lostInterval = expInterval - recInterval;
        return expInterval == 0 || lostInterval <= 0 ? 0 : (int) Math.min(255, (lostInterval << 8) / expInterval);
    }
}
