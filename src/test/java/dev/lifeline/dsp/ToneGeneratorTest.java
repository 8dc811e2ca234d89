package dev.lifeline.dsp;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.testutil.Goertzel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ToneGeneratorTest {

    @Test
    void oddlyChunkedGenerationEqualsOneBlock() {
        ToneSpec spec = ToneSpec.cadence("t", -13, new int[] {350, 440}, 130, 70);
        short[] whole = new short[8000];
        try (var g = new ToneGenerator(spec)) { g.generate(whole, 0, whole.length); }
        short[] chunked = new short[8000];
        try (var g = new ToneGenerator(spec)) {
            int off = 0, step = 1;
            while (off < chunked.length) {
                int n = Math.min(step, chunked.length - off);
                g.generate(chunked, off, n);
                off += n;
                step = step * 3 % 401 + 1;
            }
        }
        assertArrayEquals(whole, chunked, "generation must continue exactly where it left off");
    }

    @Test
    void fourFrequenciesLoopFromAndHold() {
        // segment 0 once (200 ms of 500 Hz), then loop segments 1..2 (100 ms of four freqs, 100 ms off)
        ToneSpec spec = new ToneSpec("x", List.of(
                new ToneSpec.Segment(new int[] {500}, -13, 200),
                new ToneSpec.Segment(new int[] {600, 900, 1300, 1700}, -20, 100),
                new ToneSpec.Segment(new int[0], -13, 100)), 1);
        short[] pcm = Pcm.render(spec, 1000);
        assertTrue(Goertzel.dominant(pcm, 0, 1600, 500, 0.9));
        for (int f : new int[] {600, 900, 1300, 1700}) assertTrue(Goertzel.dominant(pcm, 1600, 800, f, 0.2), "freq " + f);
        assertEquals(List.of(300, 100, 100, 100, 100, 100, 100, 100), Pcm.runsMs(pcm));

        ToneSpec hold = new ToneSpec("h", List.of(
                new ToneSpec.Segment(new int[0], -13, 100),
                new ToneSpec.Segment(new int[] {1000}, -13, 100)), -1);
        List<Integer> runs = Pcm.runsMs(Pcm.render(hold, 1000));
        assertEquals(List.of(0, 100, 900), runs, "silence first, then the last segment held");
    }

    @Test
    void rejectsBadSpecs() {
        assertThrows(IllegalArgumentException.class, () -> new ToneGenerator(ToneSpec.steady("f", -13, 350, 440, 480, 620, 700)));
        assertThrows(IllegalArgumentException.class, () -> new ToneGenerator(ToneSpec.steady("f", -13, 4500)));
        assertThrows(IllegalArgumentException.class, () -> new ToneGenerator(ToneSpec.steady("f", 10, 440)));
        assertThrows(IllegalArgumentException.class, () -> new ToneGenerator(new ToneSpec("l", List.of(new ToneSpec.Segment(new int[] {440}, -13, 100)), 3)));
        try (var g = new ToneGenerator(ToneSpec.steady("ok", -13, 440))) {
            assertThrows(IndexOutOfBoundsException.class, () -> g.generate(new short[10], 5, 6));
            assertThrows(IndexOutOfBoundsException.class, () -> g.generate(new short[10], -1, 2));
        }
    }

    @Test
    void nativeLayerRejectsBadArgumentsWithoutCrashing() {
        assertEquals(-Native.EBADF, Native.toneGenerate0(0, new short[10], 0, 10));
        assertEquals(0L, Native.toneNew0(null, 0));
        assertEquals(0L, Native.toneNew0(new int[] {1, 440, 0, 0, 0, -13}, 0)); // not a multiple of 7
        long h = Native.toneNew0(new int[] {1, 440, 0, 0, 0, -13, 0}, 0);
        assertNotEquals(0L, h);
        try {
            assertEquals(-Native.EINVAL, Native.toneGenerate0(h, null, 0, 10));
            assertEquals(-Native.EINVAL, Native.toneGenerate0(h, new short[10], 8, 5));
        } finally {
            Native.toneFree0(h);
        }
        long rx = Native.dtmfRxNew0();
        try {
            assertEquals(-Native.EINVAL, Native.dtmfRxProcess0(rx, new short[10], 0, 10, null));
            assertEquals(-Native.EINVAL, Native.dtmfRxProcess0(rx, new short[10], 0, 11, new byte[8]));
        } finally {
            Native.dtmfRxFree0(rx);
        }
        assertNull(Native.cidGenerate0(99, new byte[] {4}));
        assertNull(Native.cidGenerate0(2, new byte[] {(byte) 0x80, 2, 50, '1'})); // field longer than the message
        assertEquals(0L, Native.cidRxNew0(99));
        assertEquals(0L, Native.dtmfTxNew0(0, 80, -10));
    }

    @Test
    void closeIsIdempotentThreadSafeAndFinal() throws Exception {
        var g = new ToneGenerator(ToneSpec.steady("c", -13, 440));
        var start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try { start.await(); } catch (InterruptedException e) { return; }
                g.close();
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) t.join();
        g.close();
        var e = assertThrows(IllegalStateException.class, () -> g.generate(new short[160], 0, 160));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
