package dev.lifeline.hal.sim;

import dev.lifeline.hal.LinePort;

/**
 * Which frame written to a sim device the frame just read from it answers: the lag the echo
 * canceller needs ({@link LinePort#echoLagFrames}).
 *
 * <p>A line card needs none of this: its line is sample-synchronous. A sim device that models a
 * hybrid is clocked by the line instead (one frame sent per frame heard), so its n-th frame
 * answers the gateway's (n + offset)-th, for a fixed offset. Counting frames on both sides gives
 * the lag exactly, also through a burst of catch-up ticks after the gateway or the device was
 * stalled. Judging the lag from how many frames wait at each read cannot: in a burst the next
 * tick reads before the device's reply to the last one is in, and every frame read in that state
 * was taken for the answer to the wrong frame. On a loaded machine that happened often enough to
 * keep the canceller from converging (2–9 dB of ERLE instead of over 30).
 *
 * <p>The queue still finds the offset: in steady running its estimate is right, so the offset it
 * implies is locked, and replaced only when a different one holds for {@link #CONFIRM_TICKS} reads
 * in a row (a device that changed its clocking, or one on its own timer drifting against ours).
 * One instance per port: the tick reads and writes, a (re)connecting device resets it.
 */
final class ReplyAlignment {
    /** Reads in a row a new offset must hold before it replaces the locked one (0.5 s). */
    static final int CONFIRM_TICKS = 25;

    private long written;
    private boolean locked;
    private long offset;
    private long candidate;
    private int candidateRun;
    private int lag = 1;

    /** A frame went to the device. */
    synchronized void wrote() { written++; }

    /** The device (re)connected: its frames start again from 0, ours too. */
    synchronized void reset() {
        written = 0;
        locked = false;
        candidateRun = 0;
        lag = 1;
    }

    /**
     * A frame was read.
     *
     * @param frameStart where it began in the device's stream (samples), or -1 when it was not
     *                   the device's audio (concealed or padded): the lag is then left as it was
     * @param queued     samples waiting before the read, the frame itself included
     * @return the lag: 1 when it answers the last frame written, 2 the one before, ...
     */
    synchronized int read(long frameStart, int queued) {
        if (frameStart < 0) return lag;
        long index = frameStart / LinePort.FRAME_SAMPLES;
        int byQueue = Math.max(1, (queued + LinePort.FRAME_SAMPLES / 2) / LinePort.FRAME_SAMPLES);
        long implied = written - byQueue - index;
        if (!locked) {
            locked = true;
            offset = implied;
        } else if (implied == offset) {
            candidateRun = 0;
        } else if (candidateRun > 0 && implied == candidate) {
            if (++candidateRun >= CONFIRM_TICKS) {
                offset = implied;
                candidateRun = 0;
            }
        } else {
            candidate = implied;
            candidateRun = 1;
        }
        long counted = written - (index + offset);
        lag = (int) Math.max(1, Math.min(LinePort.MAX_ECHO_LAG_FRAMES, counted));
        return lag;
    }

    synchronized int lag() { return lag; }
}
