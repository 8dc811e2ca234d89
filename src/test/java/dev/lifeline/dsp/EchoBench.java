package dev.lifeline.dsp;

import java.util.Locale;

/**
 * scripts/bench part "echo" (--echo-only): the line echo canceller against the rigs' simulated
 * hybrid, for each tail the board profiles use (4, 8, 16, 32 ms; 64 ms, the E1 default) at ERL 6 and 20 dB: ERLE once
 * converged, time to reach 30 dB, ERLE after double talk, and the CPU cost per channel per
 * 20 ms frame. Prints a table on stderr-free stdout lines and one JSON line last.
 */
public final class EchoBench {
    private EchoBench() {}

    /** µs per 160-sample frame of speech-like audio through one ModemToneDetector, after a warm-up. */
    static double tonesMicrosPerFrame(int frames) {
        short[] pcm = new dev.lifeline.rig.audio.SpeechLike(9, -16).next(160 * 250);
        try (ModemToneDetector d = new ModemToneDetector()) {
            int sink = 0;
            for (int i = 0; i < 5000; i++) sink += d.process(pcm, (i % 250) * 160, 160).size();
            long t0 = System.nanoTime();
            for (int i = 0; i < frames; i++) sink += d.process(pcm, (i % 250) * 160, 160).size();
            long t1 = System.nanoTime();
            if (sink < 0) throw new AssertionError();
            return (t1 - t0) / 1000.0 / frames;
        }
    }

    public static void main(String[] args) {
        int[] tails = {4, 8, 16, 32, 64}; // 64: the E1 default
        double[] erls = {6, 20};
        StringBuilder json = new StringBuilder("{\"runs\":[");
        System.err.println("tail_ms erl_db mode    conv_ms erle_db dt_worst_db after_dt_db near_loss_db us_per_frame");
        boolean first = true;
        for (EchoCanceller.Mode mode : new EchoCanceller.Mode[] {EchoCanceller.Mode.LINEAR, EchoCanceller.Mode.VOICE}) {
            for (int tail : tails) {
                for (double erl : erls) {
                    EchoRun.Result r = EchoRun.run(tail, erl, mode, 30, 1234 + tail);
                    System.err.println(String.format(Locale.ROOT, "%7d %6.0f %-7s %7d %7.1f %11.1f %11.1f %12.1f %12.2f", tail, erl, mode,
                            r.convergenceMs(), r.erleBeforeDoubleTalkDb(), r.worstErleInDoubleTalkDb(), r.erleAfterDoubleTalkDb(), r.nearEndLossDb(), r.microsPerFrame()));
                    if (!first) json.append(',');
                    first = false;
                    json.append(String.format(Locale.ROOT,
                            "{\"tail_ms\":%d,\"erl_db\":%.0f,\"mode\":\"%s\",\"convergence_ms\":%d,\"erle_db\":%.1f,\"double_talk_worst_erle_db\":%.1f,\"erle_after_double_talk_db\":%.1f,\"near_end_loss_db\":%.1f,\"us_per_frame\":%.2f}",
                            tail, erl, mode.name().toLowerCase(Locale.ROOT), r.convergenceMs(), r.erleBeforeDoubleTalkDb(),
                            r.worstErleInDoubleTalkDb(), r.erleAfterDoubleTalkDb(), r.nearEndLossDb(), r.microsPerFrame()));
                }
            }
        }
        double tones = tonesMicrosPerFrame(20_000);
        System.err.println(String.format(Locale.ROOT, "modem tone detector: %.2f us per 20 ms frame (LineEcho runs two per channel)", tones));
        System.err.println(json.append(String.format(Locale.ROOT, "],\"tone_detector_us_per_frame\":%.2f}", tones)));
    }
}
