package dev.lifeline.tdm;

/** Whether ringing voltage is on at a given time, for a zone's on/off cadence. */
final class RingCadence {
    private final int[] onOffMs;
    private final int period;
    private final long start;

    RingCadence(int[] onOffMs, long start) {
        this.onOffMs = onOffMs.clone();
        int p = 0;
        for (int d : onOffMs) p += d;
        this.period = Math.max(1, p);
        this.start = start;
    }

    boolean isOn(long now) {
        if (now < start) return false;
        long t = (now - start) % period;
        for (int i = 0; i < onOffMs.length; i++) {
            if (t < onOffMs[i]) return i % 2 == 0;
            t -= onOffMs[i];
        }
        return false;
    }

    /** End of the first ring burst (the caller-ID spill follows it in ring-first zones). */
    long firstRingEnd() { return start + onOffMs[0]; }

    /** Length of the first silence after the first ring. */
    int firstSilence() { return onOffMs.length > 1 ? onOffMs[1] : 0; }
}
