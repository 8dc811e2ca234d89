package dev.lifeline.hal.sim;

import dev.lifeline.dsp.Plc;
import java.util.Arrays;

/**
 * Audio received from a device, waiting for the next tick: the sim board's receive buffer.
 *
 * <p>A real line card samples the line on its own clock, so its receive buffer never runs dry.
 * A sim device sends its frames over TCP from a process the OS may stall (and a line-clocked
 * device answers the gateway's frames, so a burst of late ticks outruns it), so a frame can
 * arrive after the tick that wanted it. Left as silence, such a gap splits a DTMF digit in two
 * or cuts a caller-ID burst. So a frame that is late while the device is talking is concealed
 * with spandsp's PLC (the last pitch period, fading out within ~50 ms; at most
 * {@link #MAX_CONCEALED} frames in a row: a 40 ms stall still leaves each digit heard once), and
 * the late audio is then kept as a cushion: one frame more per late frame, up to
 * {@link #MAX_CUSHION}, for {@link #CUSHION_HOLD} ticks after the last one, so that the next
 * stall is absorbed instead of concealed. With no stall the cushion is {@link #MIN_CUSHION}: no
 * playout delay is added (the mouth-to-ear bench measures it). A device that simply stops
 * sending (on hook) costs one short faded tail.
 *
 * <p>A modem or fax on the line ({@link #steady}) needs the opposite trade: a concealed frame or
 * a dropped backlog is a jump in its carrier, which spoils a non-ECM page (found by the fax bench
 * series: a fifth of the 14,400 bit/s non-ECM pages damaged, every ECM page fine). Delay does not
 * matter to it. So in steady mode the cushion is built up to {@link #MAX_CUSHION} frames in the
 * modem's own silences (a quiet frame is held back and silence played in its place, which only
 * lengthens a silence), is never given up, and the catch-up does not cut it.
 *
 * <p>It is bounded so that a device whose clock runs fast cannot build up delay: the oldest
 * samples are dropped instead. And it catches up: a backlog beyond the cushion that has stood for
 * a whole {@link #WINDOW} is dropped, so delay returns to the minimum.
 */
final class SampleFifo {
    /** Takes per catch-up window (50 ticks = 1 s). */
    static final int WINDOW = 50;
    /** Ticks a cushion is kept after the last late frame (10 s). */
    static final int CUSHION_HOLD = 500;
    /** Frames of cushion with no stall seen: none, a line card adds no playout delay. */
    static final int MIN_CUSHION = 0;
    /** Most frames of cushion: a stall longer than this is concealed each time. */
    static final int MAX_CUSHION = 3;
    /** Most frames concealed in a row; after that the device is taken to have stopped. */
    static final int MAX_CONCEALED = 3;

    private final short[] buf;
    private final Plc plc;
    private int head;
    private int size;
    private long dropped;
    private long late;
    private int windowTakes;
    private int windowMinResidual = Integer.MAX_VALUE;
    private boolean streaming;
    private int concealedRun;
    private int cushion = MIN_CUSHION;
    private int primed;
    private int cushionTicksLeft;
    private boolean steady;
    /** Samples that left the buffer since {@link #clear}: returned, caught up or overflowed. */
    private long consumed;
    private long lastFrameStart = -1;
    /** Loudest sample of a frame that counts as silence for building the cushion in steady mode (about -54 dBFS). */
    static final int QUIET = 64;

    /** @param plc conceals late frames; owned by the caller */
    SampleFifo(int capacity, Plc plc) {
        buf = new short[capacity];
        this.plc = plc;
    }

    synchronized void put(short[] pcm, int len) {
        if (concealedRun > 0) { // audio after a concealed gap: it was late, not stopped
            lateFrame();
            concealedRun = 0;
        }
        for (int i = 0; i < len; i++) {
            if (size == buf.length) {
                head = (head + 1) % buf.length;
                size--;
                dropped++;
                consumed++;
            }
            buf[(head + size) % buf.length] = pcm[i];
            size++;
        }
    }

    /** Fills {@code out} with the oldest samples; conceals or pads with silence when too few arrived. */
    synchronized void take(short[] out) {
        lastFrameStart = -1;
        if (!steady && cushionTicksLeft > 0 && --cushionTicksLeft == 0) cushion = MIN_CUSHION;
        if (steady && streaming && cushion < MAX_CUSHION && size >= out.length && oldestQuiet(out.length)) {
            cushion++; // a silence one frame longer: the cushion grows where the modem cannot hear it
            Arrays.fill(out, (short) 0);
            return;
        }
        if (!streaming && size > 0 && size < (cushion + 1) * out.length && primed++ < cushion) {
            Arrays.fill(out, (short) 0); // a device starting to talk: build the cushion first
            return;
        }
        catchUp(out.length);
        long start = consumed;
        int n = Math.min(out.length, size);
        for (int i = 0; i < n; i++) {
            out[i] = buf[head];
            head = (head + 1) % buf.length;
        }
        size -= n;
        consumed += n;
        if (n > 0) plc.received(out, 0, n);
        if (n == out.length) {
            lastFrameStart = start;
            streaming = true;
            primed = 0;
            concealedRun = 0;
            return;
        }
        if (streaming && concealedRun < MAX_CONCEALED) {
            concealedRun++;
            plc.fillIn(out, n, out.length - n);
        } else {
            streaming = false;
            concealedRun = 0;
            for (int i = n; i < out.length; i++) out[i] = 0;
        }
    }

    /**
     * A modem or fax on the line (on), or speech again (off): see the class comment. Off, the
     * cushion is kept for another {@link #CUSHION_HOLD} ticks and then given up as after a stall.
     */
    synchronized void steady(boolean on) {
        if (steady == on) return;
        steady = on;
        if (!on) cushionTicksLeft = CUSHION_HOLD;
    }

    synchronized boolean steady() { return steady; }

    private boolean oldestQuiet(int n) {
        for (int i = 0; i < n; i++) if (Math.abs(buf[(head + i) % buf.length]) > QUIET) return false;
        return true;
    }

    private void lateFrame() {
        late++;
        cushion = Math.min(MAX_CUSHION, cushion + 1);
        cushionTicksLeft = CUSHION_HOLD;
    }

    /** Drops a backlog beyond the cushion that stood (never fell below) for a whole window. */
    private void catchUp(int frame) {
        windowMinResidual = Math.min(windowMinResidual, Math.max(0, size - frame));
        if (++windowTakes < WINDOW) return;
        int excess = windowMinResidual - cushion * frame;
        windowTakes = 0;
        windowMinResidual = Integer.MAX_VALUE;
        if (excess > frame / 4) {
            head = (head + excess) % buf.length;
            size -= excess;
            dropped += excess;
            consumed += excess;
        }
    }

    synchronized int size() { return size; }

    synchronized void clear() {
        head = 0;
        size = 0;
        streaming = false;
        concealedRun = 0;
        primed = 0;
        cushion = MIN_CUSHION;
        cushionTicksLeft = 0;
        steady = false;
        consumed = 0;
        lastFrameStart = -1;
    }

    /**
     * Where the frame the last {@link #take} returned began in the device's stream (samples
     * since {@link #clear}), or -1 when that frame was not wholly the device's audio (concealed,
     * padded, or silence held back for the cushion): which of its frames the device is answering.
     */
    synchronized long lastFrameStart() { return lastFrameStart; }

    synchronized long dropped() { return dropped; }

    /** Times the device's audio was late while it was talking: concealed, then it came (a device that stopped is not late). */
    synchronized long late() { return late; }

    /** Frames of backlog the catch-up keeps now. */
    synchronized int cushion() { return cushion; }
}
