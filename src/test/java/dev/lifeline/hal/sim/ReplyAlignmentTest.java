package dev.lifeline.hal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.Plc;
import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sim port's echo lag, against a line-clocked device played out in virtual time: the
 * gateway's tick is stalled now and then and catches up in a burst (a fixed-rate timer does), the
 * device is stalled too, and each of the device's frames carries, in its samples, the number of
 * the frame it answers. Every frame the port reads whole must be paired with exactly that frame.
 */
class ReplyAlignmentTest {
    private final Plc plc = new Plc();

    @AfterEach
    void close() { plc.close(); }

    /** One run: ticks every 20 ms of virtual time; returns {reads checked, reads the queue alone would have misjudged}. */
    private int[] run(long seed, int ticks, int stallPercent, int skipAt) {
        Random rnd = new Random(seed);
        SampleFifo fifo = new SampleFifo((SampleFifo.MAX_CUSHION + 2) * 160, plc);
        ReplyAlignment alignment = new ReplyAlignment();
        ArrayDeque<long[]> inFlight = new ArrayDeque<>(); // {arrival ms, answered frame}
        long gatewayFreeAt = 0, deviceFreeAt = 0;
        int written = 0, checked = 0, queueWrong = 0;
        short[] out = new short[160];
        for (int k = 0; k < ticks; k++) {
            long due = k * 20L;
            if (k > 50 && rnd.nextInt(100) < stallPercent) gatewayFreeAt = due + 20 + rnd.nextInt(80); // the tick thread is held up
            long at = Math.max(due, gatewayFreeAt);
            while (!inFlight.isEmpty() && inFlight.peek()[0] <= at) {
                short[] reply = new short[160];
                java.util.Arrays.fill(reply, (short) inFlight.poll()[1]);
                fifo.put(reply, 160);
            }
            int queued = fifo.size();
            fifo.take(out);
            int lag = alignment.read(fifo.lastFrameStart(), queued);
            if (fifo.lastFrameStart() >= 0) {
                int answered = out[159]; // the first samples after a concealed gap are cross-faded by the PLC
                assertEquals(written - answered, lag, "tick " + k + ": the frame read answers frame " + answered + " of " + written);
                int byQueue = Math.max(1, (queued + 80) / 160);
                if (byQueue != written - answered) queueWrong++;
                checked++;
            }
            written++;
            alignment.wrote();
            if (written == skipAt) continue; // the device misses one frame: its numbering shifts for good
            if (k > 50 && rnd.nextInt(100) < stallPercent) deviceFreeAt = at + 20 + rnd.nextInt(60);
            long replyAt = Math.max(at + 1 + rnd.nextInt(3), deviceFreeAt);
            if (!inFlight.isEmpty()) replyAt = Math.max(replyAt, inFlight.peekLast()[0]); // in order, as over TCP
            inFlight.add(new long[] {replyAt, written - 1});
        }
        return new int[] {checked, queueWrong};
    }

    @Test
    void everyFrameReadIsPairedWithTheFrameItAnswersThroughStallsAndCatchUpBursts() {
        int checked = 0, queueWrong = 0;
        for (long seed = 1; seed <= 5; seed++) {
            int[] r = run(seed, 3000, 4, -1);
            checked += r[0];
            queueWrong += r[1];
        }
        assertTrue(checked > 14_000, "most frames arrive whole: " + checked);
        assertTrue(queueWrong > 100, "the stalls are such that the waiting frames alone misjudge the lag: " + queueWrong);
    }

    @Test
    void aDeviceWhoseNumberingShiftsIsFollowedWithinHalfASecond() {
        // the device skips one frame at 1000 (as one that changed its clocking would); the
        // alignment may be wrong until the new offset has held for CONFIRM_TICKS reads
        SampleFifo fifo = new SampleFifo((SampleFifo.MAX_CUSHION + 2) * 160, plc);
        ReplyAlignment alignment = new ReplyAlignment();
        short[] out = new short[160];
        int written = 0, wrongAfter = 0;
        for (int k = 0; k < 2000; k++) {
            int queued = fifo.size();
            fifo.take(out);
            int lag = alignment.read(fifo.lastFrameStart(), queued);
            if (fifo.lastFrameStart() >= 0 && lag != written - out[159] && k > 1000 + ReplyAlignment.CONFIRM_TICKS + 1) wrongAfter++;
            written++;
            alignment.wrote();
            if (written != 1000) {
                short[] reply = new short[160];
                java.util.Arrays.fill(reply, (short) (written - 1));
                fifo.put(reply, 160);
            }
        }
        assertEquals(0, wrongAfter, "paired right again once the new numbering has held for " + ReplyAlignment.CONFIRM_TICKS + " reads");
    }
}
