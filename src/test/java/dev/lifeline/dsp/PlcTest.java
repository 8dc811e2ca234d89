package dev.lifeline.dsp;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.testutil.Goertzel;
import org.junit.jupiter.api.Test;

class PlcTest {
    @Test
    void fillInContinuesTheToneThenFades() {
        try (var plc = new Plc()) {
            short[] f = new short[160];
            for (int k = 0; k < 10; k++) {
                for (int i = 0; i < 160; i++) f[i] = (short) (8000 * Math.sin(2 * Math.PI * 500 * (k * 160 + i) / 8000.0));
                plc.received(f, 0, 160);
            }
            double normal = Goertzel.energy(f, 0, 160);
            short[] lost = new short[160];
            plc.fillIn(lost, 0, 160);
            assertTrue(Goertzel.energy(lost, 0, 160) > 0.3 * normal, "first fill-in carries the signal");
            assertTrue(Goertzel.dominant(lost, 0, 160, 500, 0.5), "at the same pitch");
            for (int k = 0; k < 4; k++) plc.fillIn(lost, 0, 160);
            assertTrue(Goertzel.energy(lost, 0, 160) < 1e-6, "silent after a long gap");
        }
    }

    @Test
    void closedPlcFailsClearly() {
        var plc = new Plc();
        plc.close();
        plc.close();
        var e = assertThrows(IllegalStateException.class, () -> plc.fillIn(new short[160], 0, 160));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> new Plc().received(new short[10], 5, 10));
    }
}
