package dev.lifeline.media.udptl;

import dev.lifeline.dsp.T38Options;
import dev.lifeline.rig.fax.TestPages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The T.38 media path's series (issue #14: "T.38 still succeeds with 2 % UDPTL packet loss"; a
 * series of faxes per case and the success rate): {@link T38Path} runs N three-page faxes per
 * case, audio fax → T38Gateway → UDPTL (loopback) → T38Terminal, at 9,600 and 14,400 with and
 * without ECM, at 0, 2 and 5 % loss both ways, with redundancy depth 3 and without (0), each run
 * with its own loss seed. Success: both T.30 ends report OK and all three pages equal as images.
 * Also the gateway's CPU per 20 ms frame (T38Gateway rx + tx + its UDPTL exchange).
 * Prints a table and one JSON line last. Args: [runs per case, default 10].
 */
public final class T38Bench {
    private T38Bench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("t38bench");
        Path sent = TestPages.write(dir.resolve("sent.tif"), 3, 300);
        List<String> json = new ArrayList<>();
        System.out.println("| rate | ECM | loss | depth | success | frames (mean) | gateway µs/frame | lost IFPs (total) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int rate : new int[] {9600, 14400}) {
            for (boolean ecm : new boolean[] {false, true}) {
                for (double loss : new double[] {0, 0.02, 0.05}) {
                    for (int depth : loss == 0 ? new int[] {3} : new int[] {0, 3}) {
                        int ok = 0;
                        long frames = 0, lost = 0;
                        double micros = 0;
                        for (int i = 0; i < runs; i++) {
                            Path got = dir.resolve("got-" + i + ".tif");
                            T38Path.Result r = T38Path.run(sent, got, T38Path.Direction.LINE_TO_T38, T38Options.of(rate, ecm), depth, loss, 1000 + i);
                            if (r.ok(3)) ok++;
                            frames += r.frames();
                            lost += r.lost();
                            micros += r.gatewayMicrosPerFrame();
                            Files.deleteIfExists(got);
                        }
                        System.out.printf(Locale.ROOT, "| %d | %s | %.0f %% | %d | %d/%d | %d | %.1f | %d |%n", rate, ecm ? "on" : "off", loss * 100,
                                depth, ok, runs, frames / runs, micros / runs, lost);
                        json.add(String.format(Locale.ROOT, "{\"rate\":%d,\"ecm\":%b,\"loss\":%.2f,\"depth\":%d,\"ok\":%d,\"runs\":%d,\"gatewayUsPerFrame\":%.1f}",
                                rate, ecm, loss, depth, ok, runs, micros / runs));
                    }
                }
            }
        }
        System.out.println("{\"t38\":[" + String.join(",", json) + "]}");
    }
}
