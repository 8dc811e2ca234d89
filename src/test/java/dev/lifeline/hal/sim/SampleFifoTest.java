package dev.lifeline.hal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SampleFifoTest {
    @Test
    void aStandingBacklogIsDroppedAfterOneWindowSoDelayReturnsToTheMinimum() {
        SampleFifo f = new SampleFifo(480);
        short[] frame = new short[160];
        short[] out = new short[160];
        f.put(frame, 160); // one frame late: from now on a whole frame always waits
        for (int i = 0; i < SampleFifo.WINDOW; i++) {
            f.put(frame, 160);
            f.take(out);
        }
        f.put(frame, 160);
        f.take(out);
        assertEquals(0, f.size(), "backlog dropped after a window");
        assertEquals(160, f.dropped());
    }

    @Test
    void burstyDeliveryThatDrainsIsNotTouchedAndOverflowDropsTheOldest() {
        SampleFifo f = new SampleFifo(480);
        short[] out = new short[160];
        int next = 0;
        for (int i = 0; i < 3 * SampleFifo.WINDOW; i += 2) { // two frames every other tick
            for (int k = 0; k < 2; k++) {
                short[] frame = new short[160];
                java.util.Arrays.fill(frame, (short) (i + k));
                f.put(frame, 160);
            }
            for (int k = 0; k < 2; k++) {
                f.take(out);
                assertEquals((short) next++, out[0], "in order, nothing skipped");
            }
        }
        assertEquals(0, f.dropped());
        f.put(new short[600], 600);
        assertTrue(f.dropped() >= 120, "bounded at 480 samples");
    }
}
