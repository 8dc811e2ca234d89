package dev.lifeline.media.rtp;

import dev.lifeline.dsp.Plc;
import java.util.Arrays;

/**
 * Adaptive jitter buffer of 20 ms frames, ordered by extended RTP sequence number. The
 * receive thread {@link #putAudio puts} frames (decoding them); the engine tick {@link #read reads}
 * one frame every 20 ms. Policy (see docs/media.md):
 * <ul>
 * <li>playout starts once {@link #targetFrames} frames are buffered (or the first one has
 *     waited that many ticks); packets older than the playout point are late and dropped;</li>
 * <li>a missing frame with newer ones behind it is lost: the concealer fills it in and
 *     playout moves on;</li>
 * <li>an empty buffer is an underrun (the stream is late, or the frame due is lost and the next
 *     one not here yet): the concealer fills in <em>without</em> moving on, and the target grows.
 *     If the next read finds that frame still missing with a newer one behind it, it was lost:
 *     the concealment already played stood in for it, playout moves past it (one concealed frame
 *     per loss, the delay unchanged) and the target goes back. If the frame itself came (late),
 *     it plays, which grows the delay by one frame; after
 *     {@value #STOP_FRAMES} empty ticks the stream is considered stopped and {@link #read}
 *     returns false until it resumes;</li>
 * <li>the target follows the measured RFC 3550 jitter (1 + 2·J/20 ms frames, 20..200 ms);
 *     when more than target + 2 frames sit in the buffer for half a second, one is dropped to
 *     bring the delay back down.</li>
 * </ul>
 * All methods are synchronized: one producer thread, one consumer thread, short critical sections.
 */
final class JitterBuffer {
    static final int FRAME = 160;
    static final int SLOTS = 64;
    static final int MAX_FRAMES = 10;
    static final int STOP_FRAMES = 5;
    private static final int SHRINK_AFTER = 25, BOOST_DECAY = 500, MAX_BOOST = 4;

    private final short[][] audio = new short[SLOTS][FRAME];
    private final long[] slotSeq = new long[SLOTS];
    private final boolean[] silent = new boolean[SLOTS];
    private final Plc plc; // null without the DSP library: losses are then filled with silence

    private boolean playing, closed;
    private long nextSeq = -1; // playout point; also the floor for late packets while stopped
    private long lowest = -1, highest = -1;
    private int waitTicks, emptyRuns, surplusTicks, boost, calmTicks;
    /** The frame an underrun's concealment was played for (see {@link #read}), else -1. */
    private long stoodInFor = -1;
    private boolean stoodInBoosted;
    private int jitterFrames;
    /** Data mode (a G.711 fax): a fixed depth and no concealment; 0: adaptive, with PLC. */
    private int fixedFrames;
    private long played, concealed, late, dropped, underruns, recovered, redRecovered;

    JitterBuffer(Plc plc) {
        this.plc = plc;
        Arrays.fill(slotSeq, -1);
    }

    synchronized void reset() {
        Arrays.fill(slotSeq, -1);
        playing = false;
        nextSeq = lowest = highest = -1;
        waitTicks = emptyRuns = surplusTicks = 0;
        stoodInFor = -1;
    }

    /**
     * Decodes a payload into the slot of its extended sequence number. When the frame just
     * before it is missing and not yet due (lost, as far as we can tell), a codec with in-band
     * FEC (Opus) first rebuilds that frame from this packet, so the loss is never heard; a
     * packet that was only reordered and arrives after that finds its slot taken and is dropped.
     */
    synchronized void putAudio(long seq, FrameDecoder decoder, byte[] buf, int off, int len) {
        long prev = seq - 1;
        boolean prevMissing = missingNotDue(prev);
        int i = slot(seq);
        if (i < 0) return;
        if (prevMissing) {
            int p = (int) (prev & (SLOTS - 1));
            if (decoder.recoverPrevious(buf, off, len, audio[p])) {
                slotSeq[p] = prev;
                silent[p] = false;
                recovered++;
            }
        }
        decoder.decode(buf, off, len, audio[i]);
        silent[i] = false;
    }

    /** Frames rebuilt from the next packet's in-band FEC. */
    synchronized long recovered() { return recovered; }

    /**
     * Fills the slot of {@code seq} from a redundant copy (RFC 2198) that a later packet carried,
     * only when that frame is missing and not yet due: a frame that did arrive is never
     * overwritten (it is the better copy, or the same one), and one already concealed is not
     * replayed. Call after {@link #putAudio} of the packet that carried it. True when it filled the slot.
     */
    synchronized boolean putRedundant(long seq, FrameDecoder decoder, byte[] buf, int off, int len) {
        if (seq < 0 || highest < 0 || seq > highest || seq <= highest - SLOTS || !missingNotDue(seq)) return false;
        int i = (int) (seq & (SLOTS - 1));
        decoder.decode(buf, off, len, audio[i]);
        slotSeq[i] = seq;
        silent[i] = false;
        redRecovered++;
        return true;
    }

    /** The frame {@code seq} has not arrived and is not yet due: a later packet's FEC or redundant copy may fill it. */
    private boolean missingNotDue(long seq) {
        return (playing ? seq >= nextSeq : lowest >= 0 && seq >= lowest) && slotSeq[(int) (seq & (SLOTS - 1))] != seq;
    }

    /** Frames filled from a later packet's RFC 2198 redundant block. */
    synchronized long redRecovered() { return redRecovered; }

    /** Marks a sequence number that carries no audio (a telephone-event or comfort-noise packet). */
    synchronized void putSilence(long seq) {
        int i = slot(seq);
        if (i >= 0) silent[i] = true;
    }

    /** Claims the slot for seq, or returns -1 for a late or duplicate packet. */
    private int slot(long seq) {
        if (nextSeq >= 0 && seq < nextSeq) { late++; return -1; }
        if (playing && seq >= nextSeq + SLOTS) reset(); // a jump beyond the buffer: start again from here
        if (!playing && lowest >= 0 && (seq >= lowest + SLOTS || seq < lowest - SLOTS)) reset();
        int i = (int) (seq & (SLOTS - 1));
        if (slotSeq[i] == seq) return -1; // duplicate
        slotSeq[i] = seq;
        if (highest < seq) highest = seq;
        if (!playing && (lowest < 0 || seq < lowest)) lowest = seq;
        return i;
    }

    /** The next 20 ms: true with audio (received or concealed), false with silence. */
    synchronized boolean read(short[] frame) {
        if (closed) {
            Arrays.fill(frame, (short) 0);
            return false;
        }
        if (!playing) {
            if (lowest < 0 || (highest - lowest + 1 < targetFrames() && ++waitTicks < targetFrames())) {
                Arrays.fill(frame, (short) 0);
                return false;
            }
            playing = true;
            nextSeq = lowest;
            lowest = -1;
            waitTicks = emptyRuns = 0;
        }
        shrinkIfTooDeep();
        if (++calmTicks >= BOOST_DECAY && boost > 0) { boost--; calmTicks = 0; }
        skipIfStoodIn();
        int i = (int) (nextSeq & (SLOTS - 1));
        if (slotSeq[i] == nextSeq) {
            slotSeq[i] = -1;
            nextSeq++;
            emptyRuns = 0;
            if (silent[i]) {
                Arrays.fill(frame, (short) 0);
                return false;
            }
            System.arraycopy(audio[i], 0, frame, 0, FRAME);
            if (plc != null) plc.received(frame, 0, FRAME);
            played++;
            return true;
        }
        if (highest >= nextSeq) { // newer frames are here: this one is lost
            nextSeq++;
            return conceal(frame);
        }
        underruns++;
        if (++emptyRuns > STOP_FRAMES) { // the stream has stopped (hold, silence suppression, end)
            playing = false;
            Arrays.fill(frame, (short) 0);
            return false;
        }
        stoodInBoosted = emptyRuns == 1 && boost < MAX_BOOST;
        if (stoodInBoosted) { boost++; calmTicks = 0; }
        stoodInFor = emptyRuns == 1 ? nextSeq : -1; // a second empty tick: the stream is late, not one frame lost
        return conceal(frame);
    }

    /**
     * The last read concealed an underrun for {@link #nextSeq}: if that frame is still missing and a
     * newer one is here, it was lost (the usual case at a one-frame depth: the frame after a loss
     * arrives just after the tick that wanted the lost one). The concealment played stood in for
     * it, so playout moves past it instead of concealing it a second time and keeping the extra
     * frame of delay; the target raised for the "underrun" goes back.
     */
    private void skipIfStoodIn() {
        long s = stoodInFor;
        stoodInFor = -1;
        if (s != nextSeq || highest <= nextSeq) return;
        int i = (int) (nextSeq & (SLOTS - 1));
        if (slotSeq[i] == nextSeq) return; // it came after all (late, or rebuilt from the next packet): it plays
        nextSeq++;
        if (stoodInBoosted && boost > 0) boost--;
        emptyRuns = 0;
    }

    private boolean conceal(short[] frame) {
        concealed++;
        if (plc != null && fixedFrames == 0) plc.fillIn(frame, 0, FRAME); else Arrays.fill(frame, (short) 0);
        return true;
    }

    private void shrinkIfTooDeep() {
        long depth = highest - nextSeq + 1;
        if (depth > targetFrames() + 2) surplusTicks++; else surplusTicks = 0;
        if (surplusTicks >= SHRINK_AFTER || depth > MAX_FRAMES + 2) {
            int i = (int) (nextSeq & (SLOTS - 1));
            if (slotSeq[i] == nextSeq) slotSeq[i] = -1;
            nextSeq++;
            dropped++;
            surplusTicks = 0;
        }
    }

    /** Frees the concealer; later reads give silence. */
    synchronized void close() {
        closed = true;
        if (plc != null) plc.close();
    }

    /** Feeds the measured interarrival jitter (ms), which sets the base of the target depth. */
    synchronized void jitterMs(double ms) { jitterFrames = (int) Math.ceil(2 * ms / 20.0); }

    /**
     * Fax pass-through (V.152 style): a fixed depth of {@code frames} and silence instead of
     * concealment. A modem cannot use a guessed waveform (PLC's repeat of the last pitch period
     * is a phase jump to it), and a depth that moves slips its sample clock.
     */
    synchronized void fixed(int frames) { fixedFrames = Math.max(1, Math.min(MAX_FRAMES, frames)); }

    synchronized int targetFrames() {
        if (fixedFrames > 0) return fixedFrames;
        return Math.max(1, Math.min(MAX_FRAMES, 1 + jitterFrames + boost));
    }

    synchronized JitterBufferStats stats() {
        long depth = playing ? Math.max(0, highest - nextSeq + 1) : 0;
        return new JitterBufferStats(played, concealed, late, dropped, underruns, (int) depth * 20, targetFrames() * 20);
    }
}
