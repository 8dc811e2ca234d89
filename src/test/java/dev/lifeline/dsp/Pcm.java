package dev.lifeline.dsp;

import java.util.ArrayList;
import java.util.List;

/** Test helpers over 8 kHz PCM: rendering generators and measuring cadences. */
final class Pcm {
    private Pcm() {}

    static final int FRAME = 160;
    /** Window of the on/off envelope (5 ms). */
    static final int WINDOW = 40;

    /** Renders {@code ms} of a tone in 20 ms frames, as the media loop would. */
    static short[] render(ToneSpec spec, int ms) {
        short[] out = new short[ms * 8];
        try (var gen = new ToneGenerator(spec)) {
            short[] frame = new short[FRAME];
            for (int off = 0; off < out.length; off += FRAME) {
                gen.generate(frame, 0, FRAME);
                System.arraycopy(frame, 0, out, off, Math.min(FRAME, out.length - off));
            }
        }
        return out;
    }

    /** Alternating on/off run lengths in ms, starting with an on run; measured in 5 ms windows. */
    static List<Integer> runsMs(short[] pcm) {
        List<Integer> runs = new ArrayList<>();
        boolean on = true;
        int len = 0;
        for (int off = 0; off + WINDOW <= pcm.length; off += WINDOW) {
            boolean w = dev.lifeline.testutil.Goertzel.energy(pcm, off, WINDOW) > 1e-6;
            if (w == on) {
                len += WINDOW;
            } else {
                runs.add(len / 8);
                on = w;
                len = WINDOW;
            }
        }
        runs.add(len / 8);
        return runs;
    }

    /** Expected amplitude (0..1 of full scale) of a sine at {@code dbm0}: 0 dBm0 is 3.14 dB below a full-scale sine. */
    static double amplitude(double dbm0) {
        return Math.pow(10, (dbm0 - 3.14) / 20);
    }
}
