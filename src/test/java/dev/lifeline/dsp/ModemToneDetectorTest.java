package dev.lifeline.dsp;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.rig.audio.SpeechLike;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connect tones made the way V.25 and T.30 define them, fed in 20 ms frames as the tick does. */
public class ModemToneDetectorTest {
    private static final double AMP = 32767 * Math.pow(10, (-12 - 3.14) / 20) * Math.sqrt(2); // -12 dBm0

    /** 2100 Hz for {@code ms}, the phase turned by 180 degrees every 450 ms when {@code reversals}. */
    public static short[] answerTone(int ms, boolean reversals) {
        short[] s = new short[ms * 8];
        for (int i = 0; i < s.length; i++) {
            double phase = reversals && (i / 3600) % 2 == 1 ? Math.PI : 0;
            s[i] = (short) Math.round(AMP * Math.sin(2 * Math.PI * 2100 * i / 8000.0 + phase));
        }
        return s;
    }

    /** Fax CNG: 1100 Hz, 0.5 s on, 3 s off, {@code cycles} times. */
    static short[] cng(int cycles) {
        short[] s = new short[cycles * 3500 * 8];
        for (int i = 0; i < s.length; i++) {
            if (i % 28000 < 4000) s[i] = (short) Math.round(AMP * Math.sin(2 * Math.PI * 1100 * i / 8000.0));
        }
        return s;
    }

    static List<ModemTone> detect(short[] pcm) {
        List<ModemTone> all = new ArrayList<>();
        try (var d = new ModemToneDetector()) {
            for (int off = 0; off + 160 <= pcm.length; off += 160) all.addAll(d.process(pcm, off, 160));
        }
        return all;
    }

    @Test
    void answerToneWithPhaseReversalsAsksForTheCancellerToStepAside() {
        List<ModemTone> found = detect(answerTone(3000, true));
        assertTrue(found.stream().anyMatch(ModemTone::disablesEchoCancellers), "ANS/ found: " + found);
    }

    @Test
    void plainAnswerToneIsCedAndLeavesTheCancellerOn() {
        List<ModemTone> found = detect(answerTone(3000, false));
        assertTrue(found.contains(ModemTone.CED), "CED found: " + found);
        assertFalse(found.stream().anyMatch(ModemTone::disablesEchoCancellers), "no reversals, no disable: " + found);
    }

    @Test
    void faxCallingToneIsCng() {
        assertTrue(detect(cng(2)).contains(ModemTone.CNG));
    }

    @Test
    void speechIsNoTone() {
        assertEquals(List.of(), detect(new SpeechLike(3, -16).next(8000 * 5)));
    }

    @Test
    void closedDetectorFailsClearly() {
        var d = new ModemToneDetector();
        assertThrows(IndexOutOfBoundsException.class, () -> d.process(new short[100], 50, 100));
        d.close();
        assertThrows(IllegalStateException.class, () -> d.process(new short[160], 0, 160));
    }
}
