package dev.lifeline.bench;

import dev.lifeline.it.TestGateway;
import dev.lifeline.rig.fax.FaxPaths;
import dev.lifeline.rig.fax.FaxPaths.Case;
import dev.lifeline.rig.fax.FaxPaths.Route;
import dev.lifeline.rig.fax.FaxRun;
import dev.lifeline.sip.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fax series through a running gateway (issue #14: "scripts/bench runs the series of 10 per
 * path and reports the success rate"; {@code scripts/bench --fax-only}). Each run is one
 * three-page fax over a {@link FaxPaths} route, the same set-up the e2e tests run once: fxs1 → SIP
 * T.38 endpoint, SIP T.38 endpoint → fxs2, fxs1 → G.711 pass-through to an endpoint refusing T.38,
 * CO → FXO → fxs2. A run succeeds when both T.30 ends say OK and every page equals the page sent.
 *
 * <p>Each run gets a gateway of its own (started as the tests start it), so one fax's leftovers
 * cannot fail the next and a failure belongs to its own run. The paths take turns run by run, so
 * a spell of load on the shared machine falls on all of them alike; the cases (14,400 and 9,600
 * bit/s, ECM off and on) take turns within a path, so {@code --runs 10} gives them 3, 3, 2, 2.
 *
 * <pre>FaxBench --work DIR [--runs 10] [--per-case] [--paths FXS1_TO_T38,T38_TO_FXS2,FXS1_PASS_THROUGH,CO_TO_FXS2]</pre>
 *
 * {@code --per-case}: {@code runs} for every case instead of spread over them. Progress on stderr,
 * one JSON line last on stdout ({@link FaxSeries}).
 */
public final class FaxBench {
    private FaxBench() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(opt(args, "--work", null));
        int runs = Integer.parseInt(opt(args, "--runs", "10"));
        boolean perCase = List.of(args).contains("--per-case");
        List<Route> routes = new ArrayList<>();
        for (String r : opt(args, "--paths", "FXS1_TO_T38,T38_TO_FXS2,FXS1_PASS_THROUGH,CO_TO_FXS2").split(",")) routes.add(Route.valueOf(r));
        List<Case> cases = new ArrayList<>();
        for (String c : opt(args, "--cases", "14400:off,14400:on,9600:off,9600:on").split(",")) {
            String[] rateEcm = c.split(":");
            cases.add(new Case(Integer.parseInt(rateEcm[0]), rateEcm[1].equals("on")));
        }
        int perPath = perCase ? runs * cases.size() : runs;
        List<FaxSeries.Run> results = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < perPath; i++) {
            Case c = cases.get(i % cases.size());
            for (Route route : routes) {
                Path dir = Files.createDirectories(work.resolve(route.name().toLowerCase(Locale.ROOT) + "-" + (i + 1)));
                FaxSeries.Run r = one(route, c, i + 1, dir);
                results.add(r);
                System.err.printf(Locale.ROOT, "fax: %s, %s, run %d/%d: %s%s (%d bit/s, ECM %s, %.1f s; T.30 %d/%d; %s) at %d s%n",
                        route.label, c, i + 1, perPath, r.ok() ? "ok" : "FAILED", r.dcnLost() ? " (DCN lost)" : "", r.bitRate(), r.ecm() ? "on" : "off", r.millis() / 1000.0,
                        r.senderCode(), r.receiverCode(), r.pages(), (System.nanoTime() - t0) / 1_000_000_000L);
            }
        }
        System.out.println(FaxSeries.json(results));
        System.out.flush();
        // each in-process gateway's JAIN-SIP stack leaves a non-daemon EventScannerThread behind after close (as PesqBench notes)
        System.exit(0);
    }

    private static FaxSeries.Run one(Route route, Case c, int run, Path dir) {
        // the gateway's data dir inside the run's, so the bench's work dir takes it away
        try (TestGateway gw = TestGateway.start("demo.yaml", route.siteEdit(), FreePorts.udpAndTcp(), dir.resolve("data"))) {
            FaxRun f = FaxPaths.send(gw.faxView(), route, c, dir);
            String what = f.succeeded() ? f.pages().toString()
                    : f.pages() + (f.media() == null ? "" : "; " + f.media());
            return new FaxSeries.Run(route.label, c.rate(), c.ecm(), run, f.succeeded(), f.senderCode(), f.receiverCode(), f.bitRate(),
                    f.ecm(), f.millis(), f.succeeded() && f.dcnLost(), what);
        } catch (Exception e) {
            return new FaxSeries.Run(route.label, c.rate(), c.ecm(), run, false, -1, -1, 0, false, -1, false,
                    "not set up: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String opt(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
        if (dflt == null) throw new IllegalArgumentException("missing " + name);
        return dflt;
    }
}
