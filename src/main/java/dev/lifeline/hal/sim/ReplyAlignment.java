package dev.lifeline.hal.sim;

import dev.lifeline.hal.LinePort;
import org.tinylog.Logger;

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
 * implies is locked, and replaced when a different one is what most of the last {@link #WINDOW}
 * reads imply (a device that changed its clocking, or one on its own timer drifting against
 * ours). A majority, not a run: on a loaded machine a stall breaks every run of 25 reads, and a
 * device that had just started clocking by the line stayed misaligned for seconds.
 * One instance per port: the tick reads and writes, a (re)connecting device resets it.
 */
final class ReplyAlignment {
    /** Reads whose offsets vote (0.5 s): a new offset wins with more than half of them. */
    static final int WINDOW = 25;

    private final String portId;
    private long written;
    private long offset;
    /** The offsets the last {@link #WINDOW} reads implied, a ring. */
    private final long[] votes = new long[WINDOW];
    private int votePos;
    private int voted;
    private int lag = 1;

    ReplyAlignment(String portId) { this.portId = portId; }

    /** A frame went to the device. */
    synchronized void wrote() { written++; }

    /** The device (re)connected: its frames start again from 0, ours too. */
    synchronized void reset() {
        written = 0;
        voted = 0;
        votePos = 0;
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
        votes[votePos] = implied;
        votePos = (votePos + 1) % WINDOW;
        voted = Math.min(WINDOW, voted + 1);
        if (voted == 1 || (implied != offset && votesFor(implied) > WINDOW / 2)) { // the first read locks it
            Logger.debug("{}: the device's frame {} answers our {} (offset {} -> {})", portId, index, index + implied,
                    voted == 1 ? "none" : offset, implied);
            offset = implied;
        }
        long counted = written - (index + offset);
        lag = (int) Math.max(1, Math.min(LinePort.MAX_ECHO_LAG_FRAMES, counted));
        return lag;
    }

    synchronized int lag() { return lag; }

    private int votesFor(long candidate) {
        int n = 0;
        for (int i = 0; i < voted; i++) if (votes[i] == candidate) n++;
        return n;
    }
}
