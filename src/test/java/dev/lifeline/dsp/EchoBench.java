package dev.lifeline.dsp;

import java.util.Locale;

/**
 * scripts/bench part "echo" (--echo-only): the line echo canceller against the rigs' simulated
 * hybrid, for each tail the board profiles use (4, 8, 16, 32 ms) at ERL 6 and 20 dB: ERLE once
 * converged, time to reach 30 dB, ERLE after double talk, and the CPU cost per channel per
 * 20 ms frame. Prints a table on stderr-free stdout lines and one JSON line last.
 */
public final class EchoBench {
    private EchoBench() {}

    public static void main(String[] args) {
        int[] tails = {4, 8, 16, 32};
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
        System.err.println(json.append("]}"));
    }
}
