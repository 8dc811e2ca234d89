package dev.lifeline.dsp;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.testutil.Goertzel;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DtmfTest {
    static final String ALL = "0123456789*#ABCD";

    /** Generates {@code digits} and runs them through a detector in 20 ms frames; returns what it heard. */
    static String roundTrip(DtmfGenerator gen, String digits) {
        StringBuilder heard = new StringBuilder();
        try (var det = new DtmfDetector()) {
            gen.queue(digits);
            short[] frame = new short[160];
            int guard = 0;
            while (!gen.isIdle() && guard++ < 1_000_000) {
                gen.generate(frame, 0, frame.length);
                heard.append(det.process(frame, 0, frame.length));
            }
            java.util.Arrays.fill(frame, (short) 0);
            for (int i = 0; i < 10; i++) heard.append(det.process(frame, 0, frame.length));
        }
        return heard.toString();
    }

    @Test
    void allSixteenDigitsRoundTrip() {
        try (var gen = new DtmfGenerator()) {
            assertTrue(gen.isIdle());
            assertEquals(ALL, roundTrip(gen, ALL));
            assertTrue(gen.isIdle());
        }
    }

    @Test
    void eachDigitAloneWithShortTiming() {
        for (char d : ALL.toCharArray()) {
            try (var gen = new DtmfGenerator(50, 50, -10)) {
                assertEquals(String.valueOf(d), roundTrip(gen, String.valueOf(d)), "digit " + d);
            }
        }
    }

    @Test
    void longDigitStringBeyondSpandspQueue() {
        Random r = new Random(42);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 300; i++) sb.append(ALL.charAt(r.nextInt(ALL.length())));
        try (var gen = new DtmfGenerator(50, 50, -10)) {
            gen.queue(sb.substring(0, 150));
            gen.queue(sb.substring(150)); // queued behind the first part
            assertEquals(sb.toString(), roundTrip(gen, ""));
        }
    }

    @Test
    void generateCountsToneSamplesAndZeroFillsTheRest() {
        try (var gen = new DtmfGenerator(80, 80, -10)) {
            gen.queue("1");
            short[] buf = new short[2000];
            java.util.Arrays.fill(buf, (short) 123);
            int n = gen.generate(buf, 0, buf.length);
            assertEquals(1280, n, "80 ms tone + 80 ms pause");
            assertTrue(gen.isIdle());
            for (int i = n; i < buf.length; i++) assertEquals(0, buf[i]);
            assertTrue(Goertzel.dominant(buf, 0, 640, 697, 0.4) && Goertzel.dominant(buf, 0, 640, 1209, 0.4), "'1' is 697+1209 Hz");
            for (int i = 640; i < 1280; i++) assertEquals(0, buf[i], "pause");
            assertEquals(0, gen.generate(buf, 0, 160));
        }
    }

    @Test
    void rejectsNonDigits() {
        try (var gen = new DtmfGenerator()) {
            var e = assertThrows(IllegalArgumentException.class, () -> gen.queue("12x"));
            assertTrue(e.getMessage().contains("'x'"));
            assertTrue(gen.isIdle(), "nothing queued from a rejected string");
        }
        assertThrows(IllegalArgumentException.class, () -> new DtmfGenerator(5, 80, -10));
    }

    @Test
    void detectorIgnoresDialTone() {
        try (var det = new DtmfDetector(); var gen = new ToneGenerator(ToneZone.forName("us").dial())) {
            short[] frame = new short[160];
            StringBuilder heard = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                gen.generate(frame, 0, 160);
                heard.append(det.process(frame, 0, 160));
            }
            assertEquals("", heard.toString());
        }
    }
}
