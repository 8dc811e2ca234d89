package dev.lifeline.rig.phone;

import dev.lifeline.testutil.Goertzel;

/**
 * The phone's "type II" (off-hook, call-waiting) caller-ID unit: it listens for the CPE alerting
 * signal (CAS, 2130+2750 Hz) in what it hears off hook, answers it with the DTMF acknowledgement
 * {@code A} (unless told not to: a phone without the feature) and then lets the caller-ID
 * decoder hear the FSK spill that follows. Reader thread only, except the flag.
 */
final class OffHookCallerId {
    /** How long after the acknowledgement the decoder listens for the spill. */
    static final long DECODE_MS = 3000;
    private final Runnable sendAck;
    private volatile boolean acknowledges = true;
    private int casFrames;
    private volatile long decodeUntilNanos;
    private volatile int casHeard;

    OffHookCallerId(Runnable sendAck) { this.sendAck = sendAck; }

    void acknowledges(boolean on) { acknowledges = on; }

    /** CAS tones heard off hook so far. */
    int casHeard() { return casHeard; }

    /** True while the spill after an acknowledgement may still arrive (the decoder should hear the audio). */
    boolean decoding() { return System.nanoTime() - decodeUntilNanos < 0; }

    /** One frame heard off hook. */
    void feed(short[] pcm) {
        if (isCas(pcm)) {
            casFrames++;
            return;
        }
        if (casFrames >= 2) { // the CAS just ended: acknowledge now (GR-30: within 100 ms of its end)
            casHeard++;
            if (acknowledges) {
                sendAck.run();
                decodeUntilNanos = System.nanoTime() + DECODE_MS * 1_000_000;
            }
        }
        casFrames = 0;
    }

    private static boolean isCas(short[] pcm) {
        double e = Goertzel.energy(pcm, 0, pcm.length);
        if (e < 1e-6) return false;
        double lo = Goertzel.power(pcm, 0, pcm.length, 2130) / 2, hi = Goertzel.power(pcm, 0, pcm.length, 2750) / 2;
        return lo >= 0.25 * e && hi >= 0.25 * e && lo + hi >= 0.7 * e;
    }
}
