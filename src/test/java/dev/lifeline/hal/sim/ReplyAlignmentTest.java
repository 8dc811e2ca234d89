package dev.lifeline.hal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.Plc;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /** What a run saw: reads of whole device frames, those the waiting frames alone misjudge, and the ticks where the lag was wrong. */
    private record Run(int checked, int queueWrong, List<Integer> wrongAt) {}

    /**
     * One run: ticks every 20 ms of virtual time, both sides stalled at random in {@code stallPercent}
     * of the ticks after the first second; the device skips its reply to frame {@code skipAt} (-1: none).
     */
    private Run run(long seed, int ticks, int stallPercent, int skipAt) {
        Random rnd = new Random(seed);
        SampleFifo fifo = new SampleFifo((SampleFifo.MAX_CUSHION + 2) * 160, plc);
        ReplyAlignment alignment = new ReplyAlignment("fxs1");
        ArrayDeque<long[]> inFlight = new ArrayDeque<>(); // {arrival ms, answered frame}
        long gatewayFreeAt = 0, deviceFreeAt = 0;
        int written = 0, checked = 0, queueWrong = 0;
        List<Integer> wrongAt = new ArrayList<>();
        short[] out = new short[160];
        for (int k = 0; k < ticks; k++) {
            long due = k * 20L;
            if (k > 50 && rnd.nextInt(100) < stallPercent) gatewayFreeAt = due + 20 + rnd.nextInt(80); // the tick thread is held up
            long at = Math.max(due, gatewayFreeAt);
            while (!inFlight.isEmpty() && inFlight.peek()[0] <= at) {
                short[] reply = new short[160];
                Arrays.fill(reply, (short) inFlight.poll()[1]);
                fifo.put(reply, 160);
            }
            int queued = fifo.size();
            fifo.take(out);
            int lag = alignment.read(fifo.lastFrameStart(), queued);
            if (fifo.lastFrameStart() >= 0) {
                int answered = out[159]; // the first samples after a concealed gap are cross-faded by the PLC
                if (lag != written - answered) wrongAt.add(k);
                int byQueue = Math.max(1, (queued + 80) / 160);
                if (byQueue != written - answered) queueWrong++;
                checked++;
            }
            written++;
            alignment.wrote();
            if (written - 1 == skipAt) continue; // the device misses one frame: its numbering shifts for good
            if (k > 50 && rnd.nextInt(100) < stallPercent) deviceFreeAt = at + 20 + rnd.nextInt(60);
            long replyAt = Math.max(at + 1 + rnd.nextInt(3), deviceFreeAt);
            if (!inFlight.isEmpty()) replyAt = Math.max(replyAt, inFlight.peekLast()[0]); // in order, as over TCP
            inFlight.add(new long[] {replyAt, written - 1});
        }
        return new Run(checked, queueWrong, wrongAt);
    }

    @Test
    void everyFrameReadIsPairedWithTheFrameItAnswersThroughStallsAndCatchUpBursts() {
        int checked = 0, queueWrong = 0;
        for (long seed = 1; seed <= 5; seed++) {
            Run r = run(seed, 3000, 4, -1);
            assertEquals(List.of(), r.wrongAt(), "seed " + seed + ": ticks where a frame was paired with the wrong one");
            checked += r.checked();
            queueWrong += r.queueWrong();
        }
        assertTrue(checked > 14_000, "most frames arrive whole: " + checked);
        assertTrue(queueWrong > 100, "the stalls are such that the waiting frames alone misjudge the lag: " + queueWrong);
    }

    @Test
    void aDeviceWhoseNumberingShiftsIsFollowedWithinHalfASecondThroughStalls() {
        // the device skips one frame at 1000, as one that starts clocking by the line does: the
        // pairing may be wrong for up to half a second after that, never before, never later
        for (long seed = 1; seed <= 10; seed++) {
            Run r = run(seed, 2000, 4, 1000);
            for (int k : r.wrongAt()) {
                assertTrue(k > 1000 && k <= 1000 + ReplyAlignment.WINDOW,
                        "seed " + seed + ": paired wrongly at tick " + k + "; all: " + r.wrongAt());
            }
        }
    }
}
