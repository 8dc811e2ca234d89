package dev.lifeline.dsp;

/**
 * The DSP cost of one analog channel per 20 ms frame: a DTMF detector listening and a tone
 * generator playing (dial tone), on one 160-sample frame. scripts/bench calls it to size
 * how many channels a board's CPU can carry (20 000 µs of budget per frame per core).
 */
public final class DspCost {
    private DspCost() {}

    /** Runs the per-channel frame load {@code frames} times (after a warm-up) and returns µs per frame. */
    public static double microsPerFrame(int frames) {
        if (frames <= 0) throw new IllegalArgumentException("frames must be positive");
        try (var gen = new ToneGenerator(ToneZone.forName("us").dial()); var det = new DtmfDetector()) {
            short[] frame = new short[160];
            int sink = 0;
            for (int i = 0; i < Math.min(frames, 5000); i++) sink += frame(gen, det, frame);
            long t0 = System.nanoTime();
            for (int i = 0; i < frames; i++) sink += frame(gen, det, frame);
            long t1 = System.nanoTime();
            if (sink < 0) throw new AssertionError(); // keeps the work observable
            return (t1 - t0) / 1000.0 / frames;
        }
    }

    private static int frame(ToneGenerator gen, DtmfDetector det, short[] frame) {
        gen.generate(frame, 0, frame.length);
        return det.process(frame, 0, frame.length).length();
    }

    /** Prints µs/frame: {@code java -cp ... dev.lifeline.dsp.DspCost [frames]}. */
    public static void main(String[] args) {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        System.out.printf("%.3f us/frame (DTMF detect + tone generate, 160 samples)%n", microsPerFrame(frames));
    }
}
