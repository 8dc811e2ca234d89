package dev.lifeline.dsp;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class DspCostTest {
    @Test
    void oneChannelFrameFitsEasilyInItsTwentyMilliseconds() {
        double us = DspCost.microsPerFrame(2000);
        assertTrue(us > 0 && us < 2000, "µs/frame " + us);
        assertThrows(IllegalArgumentException.class, () -> DspCost.microsPerFrame(0));
    }
}
