package dev.lifeline.dsp;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.testutil.Goertzel;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every zone's tones checked with an independent Goertzel meter against DESIGN §3.2. */
class ToneZoneTest {

    record Expect(String zone, String tone, int[] freqs, int[] cadenceMs) {
        @Override public String toString() { return zone + "/" + tone; }
    }

    static final Map<String, int[][]> TABLE = Map.of(
            // dial, ringback, ringback cadence, busy, busy cadence, congestion, congestion cadence
            "us", new int[][] {{350, 440}, {440, 480}, {2000, 4000}, {480, 620}, {500, 500}, {480, 620}, {250, 250}},
            "uk", new int[][] {{350, 450}, {400, 450}, {400, 200, 400, 2000}, {400}, {375, 375}, {400}, {400, 350, 225, 525}},
            "de", new int[][] {{425}, {425}, {1000, 4000}, {425}, {480, 480}, {425}, {240, 240}},
            "fr", new int[][] {{440}, {440}, {1500, 3500}, {440}, {500, 500}, {440}, {250, 250}},
            "eu", new int[][] {{425}, {425}, {1000, 4000}, {425}, {500, 500}, {425}, {250, 250}});

    static Stream<Arguments> tones() {
        return ToneZone.names().stream().flatMap(z -> {
            int[][] t = TABLE.get(z);
            return Stream.of(
                    new Expect(z, "dial", t[0], null),
                    new Expect(z, "ringback", t[1], t[2]),
                    new Expect(z, "busy", t[3], t[4]),
                    new Expect(z, "congestion", t[5], t[6]));
        }).map(Arguments::of);
    }

    static ToneSpec spec(ToneZone z, String tone) {
        return switch (tone) {
            case "dial" -> z.dial();
            case "ringback" -> z.ringback();
            case "busy" -> z.busy();
            case "congestion" -> z.congestion();
            default -> throw new IllegalArgumentException(tone);
        };
    }

    @Test
    void knowsTheFiveZones() {
        assertEquals(List.of("us", "uk", "de", "fr", "eu"), List.copyOf(ToneZone.names()));
        assertEquals("de", ToneZone.forName(" DE ").name());
        var e = assertThrows(IllegalArgumentException.class, () -> ToneZone.forName("xx"));
        assertTrue(e.getMessage().contains("xx") && e.getMessage().contains("us, uk, de, fr, eu"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ToneZone.forName(null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tones")
    void toneHasTheRightFrequenciesAndLevel(Expect x) {
        short[] pcm = Pcm.render(spec(ToneZone.forName(x.zone()), x.tone()), 200);
        int n = 800; // the first 100 ms: inside the first "on" of every cadence
        double energy = Goertzel.energy(pcm, 0, n);
        for (int f : x.freqs()) {
            assertTrue(Goertzel.dominant(pcm, 0, n, f, 0.8 / x.freqs().length), x + ": " + f + " Hz missing");
            double amp = Math.sqrt(Goertzel.power(pcm, 0, n, f));
            double db = 20 * Math.log10(amp / Pcm.amplitude(-13));
            assertEquals(0, db, 1.0, x + ": " + f + " Hz level off by " + db + " dB from -13 dBm0");
        }
        double sum = 0;
        for (int f : x.freqs()) sum += Goertzel.power(pcm, 0, n, f) / 2;
        assertTrue(sum > 0.9 * energy, x + ": expected frequencies carry only " + sum / energy + " of the energy");
        for (int off : new int[] {1000, 1633, 2600}) {
            assertFalse(Goertzel.dominant(pcm, 0, n, off, 0.05), x + ": energy at " + off + " Hz");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tones")
    void toneHasTheRightCadence(Expect x) {
        int[] cad = x.cadenceMs();
        int cycle = cad == null ? 1000 : java.util.Arrays.stream(cad).sum();
        int ms = Math.max(6000, 2 * cycle + 100);
        List<Integer> runs = Pcm.runsMs(Pcm.render(spec(ToneZone.forName(x.zone()), x.tone()), ms));
        if (cad == null) {
            assertEquals(List.of(ms), runs, x + " must be steady");
            return;
        }
        assertTrue(runs.size() >= 2 * cad.length, x + ": too few runs " + runs);
        for (int i = 0; i < runs.size() - 1; i++) { // the last run is cut by the end of the render
            assertEquals(cad[i % cad.length], runs.get(i), 20, x + ": run " + i + " of " + runs);
        }
    }

    @Test
    void stutterDialInterruptsTenTimesThenHoldsSteady() {
        for (String z : ToneZone.names()) {
            ToneZone zone = ToneZone.forName(z);
            short[] pcm = Pcm.render(zone.stutterDial(), 6000);
            List<Integer> runs = Pcm.runsMs(pcm);
            assertEquals(21, runs.size(), z + ": " + runs); // 10 x (on, off), then the steady tone
            for (int i = 0; i < 20; i++) assertEquals(100, runs.get(i), 20, z + ": run " + i + " " + runs);
            assertEquals(4000, runs.get(20), 20, z + ": steady tail " + runs);
            int[] dial = zone.dial().segments().get(0).freqs();
            for (int f : dial) assertTrue(Goertzel.dominant(pcm, 40000, 800, f, 0.8 / dial.length), z + " steady " + f);
        }
    }

    /** Message waiting: five slow 300/100 ms bursts, then steady; never the survival stutter's ten 100/100 ms. */
    @Test
    void messageWaitingDialIsFiveSlowBurstsNotTheSurvivalStutter() {
        for (String z : ToneZone.names()) {
            ToneZone zone = ToneZone.forName(z);
            short[] pcm = Pcm.render(zone.messageWaitingDial(), 6000);
            List<Integer> runs = Pcm.runsMs(pcm);
            assertEquals(11, runs.size(), z + ": " + runs); // 5 x (on, off), then the steady tone
            for (int i = 0; i < 10; i++) assertEquals(i % 2 == 0 ? 300 : 100, runs.get(i), 20, z + ": run " + i + " " + runs);
            assertEquals(4000, runs.get(10), 20, z + ": steady tail " + runs);
            int[] dial = zone.dial().segments().get(0).freqs();
            for (int f : dial) assertTrue(Goertzel.dominant(pcm, 40000, 800, f, 0.8 / dial.length), z + " steady " + f);
            assertNotEquals(Pcm.runsMs(Pcm.render(zone.stutterDial(), 6000)), runs, z + ": distinct from survival stutter");
        }
    }

    @Test
    void usExtras() {
        ToneZone us = ToneZone.forName("us");
        short[] howler = Pcm.render(us.howler(), 1000);
        for (int f : new int[] {1400, 2060, 2450, 2600}) assertTrue(Goertzel.dominant(howler, 0, 800, f, 0.2), "howler " + f);
        List<Integer> hr = Pcm.runsMs(howler);
        for (int i = 0; i < hr.size() - 1; i++) assertEquals(100, hr.get(i), 20, "howler cadence " + hr);
        int peak = 0;
        for (short s : howler) peak = Math.max(peak, Math.abs(s));
        assertTrue(peak < 32767, "howler must not clip");

        short[] cw = Pcm.render(us.callWaiting(), 3000);
        assertEquals(List.of(300, 2700), Pcm.runsMs(cw));
        assertTrue(Goertzel.dominant(cw, 0, 800, 440, 0.8));

        assertSame(us.congestion(), us.disconnect());
        for (String z : List.of("uk", "de", "fr", "eu")) assertSame(ToneZone.forName(z).busy(), ToneZone.forName(z).disconnect(), z);
    }

    @Test
    void ringCadenceAndCallerIdMethod() {
        assertArrayEquals(new int[] {2000, 4000}, ToneZone.forName("us").ringCadenceMs());
        assertArrayEquals(new int[] {400, 200, 400, 2000}, ToneZone.forName("uk").ringCadenceMs());
        assertArrayEquals(new int[] {1000, 4000}, ToneZone.forName("de").ringCadenceMs());
        assertArrayEquals(new int[] {1500, 3500}, ToneZone.forName("fr").ringCadenceMs());
        assertArrayEquals(new int[] {1000, 4000}, ToneZone.forName("eu").ringCadenceMs());
        assertEquals(CallerIdStandard.BELL202, ToneZone.forName("us").callerIdStandard());
        assertEquals(CallerIdTiming.AFTER_FIRST_RING, ToneZone.forName("us").callerIdTiming());
        assertEquals(CallerIdStandard.V23, ToneZone.forName("uk").callerIdStandard());
        assertEquals(CallerIdTiming.BEFORE_FIRST_RING, ToneZone.forName("uk").callerIdTiming());
        for (String z : List.of("de", "fr", "eu")) {
            assertEquals(CallerIdStandard.V23, ToneZone.forName(z).callerIdStandard(), z);
            assertEquals(CallerIdTiming.AFTER_FIRST_RING, ToneZone.forName(z).callerIdTiming(), z);
        }
        int[] c = ToneZone.forName("us").ringCadenceMs();
        c[0] = 1;
        assertEquals(2000, ToneZone.forName("us").ringCadenceMs()[0], "cadence array is a copy");
    }
}
