package dev.lifeline.bench;

import dev.lifeline.it.WanRig;
import dev.lifeline.mgmt.CoapSetup;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.sip.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.MediaTypeRegistry;

/**
 * Survivability numbers (issue #4), run by {@code scripts/bench} (part h, or {@code --survival-only})
 * against a gateway running as its own process, with Kamailio as HQ behind a real WAN cut
 * ({@link WanRig}: network namespaces as root, else the fault-injecting relay).
 *
 * <pre>
 *   SurvivalBench --home DIR --board FILE --work DIR [--runs 5] [--hold-down-ms 5000] [--refresh-ms 2000]
 *                 -- JAVA-COMMAND-OF-THE-GATEWAY...     (dev.lifeline.app.Main; "run ..." is appended)
 * </pre>
 *
 * Per run: the WAN is cut, and fxs1 calls fxs2 (6001) again and again until one call is answered
 * and fxs2's tone reaches fxs1 — <b>failover</b> = cut → that moment (also reported: the mode's own
 * detection time). Then the WAN is restored — <b>fallback</b> = restore → the SIP phone 7000 (SIPp,
 * re-registering every {@code --refresh-ms}, like a phone whose survival expiry is that short) is
 * registered at HQ again (its binding in the gateway is a shadow of HQ's again). A call fxs3 ↔ fxs4
 * set up before the first cut is checked for audio both ways after every transition: <b>dropped</b>
 * counts the calls that did not survive. FXS-line upstream registration is not built yet:
 * {@link #linesRegisteredAtHq} is the hook, reported as null until it is. Prints one JSON line.
 */
public final class SurvivalBench {
    private static final Pattern MODE = Pattern.compile("\"mode\"\\s*:\\s*\"(\\w+)\"");

    private final Path home;
    private final Path work;
    private final WanRig rig;
    private final int sipPort;
    private final String coap;
    private final Process gateway;

    private SurvivalBench(Path home, Path work, WanRig rig, int sipPort, String coap, Process gateway) {
        this.home = home;
        this.work = work;
        this.rig = rig;
        this.sipPort = sipPort;
        this.coap = coap;
        this.gateway = gateway;
    }

    public static void main(String[] args) throws Exception {
        int sep = Arrays.asList(args).indexOf("--");
        if (sep < 0) throw new IllegalArgumentException("usage: SurvivalBench --home DIR --board FILE --work DIR [--runs N] -- GATEWAY-CMD...");
        String[] opts = Arrays.copyOfRange(args, 0, sep);
        List<String> gwCmd = new ArrayList<>(Arrays.asList(args).subList(sep + 1, args.length));
        Path home = Path.of(opt(opts, "--home", "."));
        Path work = Path.of(opt(opts, "--work", "/tmp"));
        int runs = Integer.parseInt(opt(opts, "--runs", "5"));
        long holdDown = Long.parseLong(opt(opts, "--hold-down-ms", "5000"));
        long refresh = Long.parseLong(opt(opts, "--refresh-ms", "2000"));
        int sipPort = FreePorts.udpAndTcp();
        try (WanRig rig = WanRig.start(sipPort)) {
            rig.startKamailio(home.resolve("test-rigs/hq/kamailio-hq.cfg"), work, work.resolve("kamailio.log"));
            Path site = work.resolve("site-survival.yaml");
            Files.writeString(site, siteConfig(Files.readString(home.resolve("site-configs/demo.yaml")), rig, sipPort, holdDown));
            Path data = work.resolve("survival-data");
            gwCmd.addAll(List.of("run", "--board", opt(opts, "--board", null), "--config", site.toString(), "--data", data.toString()));
            Process gw = new ProcessBuilder(gwCmd).redirectErrorStream(true).redirectOutput(work.resolve("survival-gw.out").toFile()).start();
            try {
                String coap = awaitFile(data.resolve("run/mgmt.uri"), gw);
                String sim = awaitFile(data.resolve("run/sim.addr"), gw);
                System.out.println(new SurvivalBench(home, work, rig, sipPort, coap, gw).measure(sim, runs, holdDown, refresh));
            } finally {
                gw.destroy();
                if (!gw.waitFor(10, TimeUnit.SECONDS)) gw.destroyForcibly();
            }
        }
    }

    private String measure(String sim, int runs, long holdDownMs, long refreshMs) throws Exception {
        String simHost = sim.substring(0, sim.lastIndexOf(':'));
        int simPort = Integer.parseInt(sim.substring(sim.lastIndexOf(':') + 1));
        VirtualPhone a = VirtualPhone.connect(simHost, simPort, "fxs1", "us");
        VirtualPhone b = VirtualPhone.connect(simHost, simPort, "fxs2", "us");
        VirtualPhone c = VirtualPhone.connect(simHost, simPort, "fxs3", "us");
        VirtualPhone d = VirtualPhone.connect(simHost, simPort, "fxs4", "us");
        awaitMode("normal", 10_000);
        int phonePort = FreePorts.udpAndTcp();
        AtomicBoolean refreshing = new AtomicBoolean(true);
        Thread refresher = Thread.ofPlatform().daemon().name("phone-refresh").start(() -> {
            while (refreshing.get()) {
                try {
                    registerPhone(phonePort);
                    Thread.sleep(refreshMs);
                } catch (Exception e) {
                    if (!refreshing.get()) return;
                }
            }
        });
        await("7000 registered at HQ through the gateway", 10_000, () -> "hq".equals(via("7000")));

        // the call that must survive every transition
        dial(c, "6003");
        if (!d.awaitRinging(Duration.ofSeconds(8))) throw new IllegalStateException("fxs4 did not ring");
        d.offHook();
        Thread.sleep(500);
        c.playTone(1000, -10);
        d.playTone(1500, -10);
        if (!bothWays(c, d)) throw new IllegalStateException("no audio in the kept call before the first cut");
        boolean kept = true;

        List<Long> failover = new ArrayList<>();
        List<Long> detection = new ArrayList<>();
        List<Long> fallback = new ArrayList<>();
        List<Long> normalAgain = new ArrayList<>();
        List<Long> linesBack = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            awaitMode("normal", holdDownMs + 10_000);
            await("7000 at HQ before run " + (r + 1), 10_000, () -> "hq".equals(via("7000")));
            long t0 = System.nanoTime();
            rig.cut();
            long[] detectedAt = {-1};
            Thread watcher = Thread.ofVirtual().start(() -> {
                while (detectedAt[0] < 0 && !Thread.currentThread().isInterrupted()) {
                    if ("survival".equals(mode())) detectedAt[0] = System.nanoTime();
                    sleep(20);
                }
            });
            long ok = firstLocalCall(a, b, t0, 15_000);
            failover.add(ok);
            watcher.join(10_000);
            detection.add(detectedAt[0] < 0 ? -1 : (detectedAt[0] - t0) / 1_000_000);
            kept &= bothWays(c, d);

            awaitMode("survival", 5_000);
            await("7000 registered locally in survival", 10_000, () -> "local".equals(via("7000")));
            Map<String, Integer> beforeRestore = lineExpiries();
            long t1 = System.nanoTime();
            rig.restore();
            Thread linesWatch = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    if (reRegistered(beforeRestore, lineExpiries())) {
                        synchronized (linesBack) { linesBack.add((System.nanoTime() - t1) / 1_000_000); }
                        return;
                    }
                    sleep(25);
                }
            });
            awaitMode("normal", holdDownMs + 10_000);
            normalAgain.add((System.nanoTime() - t1) / 1_000_000);
            await("7000 at HQ again", 60_000, () -> "hq".equals(via("7000")));
            fallback.add((System.nanoTime() - t1) / 1_000_000);
            linesWatch.join(30_000);
            linesWatch.interrupt();
            kept &= bothWays(c, d);
        }
        refreshing.set(false);
        refresher.interrupt();
        c.onHook();
        d.onHook();
        for (VirtualPhone p : List.of(a, b, c, d)) p.close();
        Long lines;
        synchronized (linesBack) { lines = linesBack.size() == runs ? median(linesBack) : null; }
        return String.format(Locale.ROOT, "{\"rig\":\"%s\",\"runs\":%d,\"failover_ms\":%s,\"failover_median_ms\":%d,"
                        + "\"failover_failed_runs\":%d,\"detection_failed_runs\":%d,"
                        + "\"detection_ms\":%s,\"detection_median_ms\":%d,\"hold_down_ms\":%d,\"normal_after_restore_ms\":%s,"
                        + "\"fallback_phone_ms\":%s,\"fallback_phone_median_ms\":%d,\"fallback_beyond_hold_down_median_ms\":%d,"
                        + "\"phone_refresh_ms\":%d,\"fallback_fxs_lines_ms\":%s,\"transitions\":%d,\"calls_kept_across\":1,"
                        + "\"calls_dropped\":%d,\"goal_failover_ms\":5000,\"goal_dropped\":0}",
                rig.kind().name().toLowerCase(Locale.ROOT), runs, failover, median(failover), failed(failover), failed(detection),
                detection, median(detection),
                holdDownMs, normalAgain, fallback, median(fallback), median(fallback) - holdDownMs, refreshMs,
                lines == null ? "null" : lines.toString(), runs * 2, kept ? 0 : 1);
    }

    private static final Pattern LINE_ROW = Pattern.compile(
            "\"kind\":\"upstream\",\"line\":\"(\\w+)\".*?\"state\":\"(\\w+)\".*?\"expiresInSeconds\":(-?\\d+)");

    /** Each FXS line's remaining registration lifetime at HQ (-1 unless REGISTERED), from the registrations view. */
    private Map<String, Integer> lineExpiries() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        Matcher m = LINE_ROW.matcher(get("registrations"));
        while (m.find()) out.put(m.group(1), "REGISTERED".equals(m.group(2)) ? Integer.parseInt(m.group(3)) : -1);
        return out;
    }

    /** Every line registered again after the restore: its lifetime at HQ started afresh (went up). */
    private static boolean reRegistered(Map<String, Integer> before, Map<String, Integer> now) {
        if (before.isEmpty() || now.size() < before.size()) return false;
        for (var e : before.entrySet()) {
            Integer n = now.get(e.getKey());
            if (n == null || n < 0 || n <= e.getValue()) return false;
        }
        return true;
    }

    /** Calls fxs2 from fxs1 until one call is answered and fxs2's tone reaches fxs1; ms since {@code t0}. */
    private long firstLocalCall(VirtualPhone a, VirtualPhone b, long t0, long maxMs) throws Exception {
        long end = t0 + maxMs * 1_000_000L;
        while (System.nanoTime() < end) {
            dial(a, "6001");
            if (b.awaitRinging(Duration.ofSeconds(4))) {
                b.offHook();
                b.playTone(1500, -10);
                long until = System.nanoTime() + 3_000_000_000L;
                while (System.nanoTime() < until) {
                    if (a.hears(1500, Duration.ofMillis(100))) {
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        hangUp(a, b);
                        return ms;
                    }
                    Thread.sleep(10);
                }
            }
            hangUp(a, b);
        }
        return -1;
    }

    private static void dial(VirtualPhone p, String number) throws Exception {
        p.offHook();
        Thread.sleep(300);
        p.dialDtmf(number);
    }

    private static void hangUp(VirtualPhone... phones) throws Exception {
        for (VirtualPhone p : phones) {
            p.stopPlaying();
            if (p.isOffHook()) p.onHook();
        }
        Thread.sleep(900); // on hook at least analog.hangup
    }

    private static boolean bothWays(VirtualPhone c, VirtualPhone d) throws InterruptedException {
        long end = System.currentTimeMillis() + 3_000;
        while (System.currentTimeMillis() < end) {
            if (c.hears(1500, Duration.ofMillis(300)) && d.hears(1000, Duration.ofMillis(300))) return true;
            Thread.sleep(50);
        }
        return false;
    }

    private void registerPhone(int contactPort) throws Exception {
        Process p = new ProcessBuilder("sipp", "-sf", home.resolve("test-rigs/sipp/register-as.xml").toString(), "-s", "7000",
                "-au", "7000", "-ap", "lifeline7000", "-key", "contact_port", String.valueOf(contactPort), "-i", "127.0.0.1",
                "-p", String.valueOf(FreePorts.udpAndTcp()), "-m", "1", "-timeout", "8s", "-timeout_error", "-nostdin",
                rig.gatewayHost() + ":" + sipPort).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("survival-register.out").toFile()).start();
        p.waitFor(10, TimeUnit.SECONDS);
        p.destroyForcibly();
    }

    private String mode() {
        Matcher m = MODE.matcher(get("status"));
        return m.find() ? m.group(1) : "?";
    }

    /** "hq" or "local" for the first binding of {@code ext} in the registrations view. */
    private String via(String ext) {
        String json = get("registrations");
        int i = json.indexOf("\"extension\":\"" + ext + "\"");
        if (i < 0) return "none";
        Matcher m = Pattern.compile("\"via\"\\s*:\\s*\"(\\w+)\"").matcher(json.substring(i));
        return m.find() ? m.group(1) : "?";
    }

    private String get(String path) {
        CoapSetup.configuration();
        CoapClient client = new CoapClient(coap + "/" + path);
        client.setTimeout(2000L);
        try {
            CoapResponse r = client.get(MediaTypeRegistry.APPLICATION_JSON);
            return r == null ? "" : r.getResponseText();
        } catch (Exception e) {
            return "";
        } finally {
            client.shutdown();
        }
    }

    private void awaitMode(String mode, long maxMs) throws InterruptedException {
        await("mode " + mode, maxMs, () -> mode.equals(mode()));
    }

    private void await(String what, long maxMs, java.util.function.BooleanSupplier cond) throws InterruptedException {
        long end = System.currentTimeMillis() + maxMs;
        while (!cond.getAsBoolean()) {
            if (!gateway.isAlive()) throw new IllegalStateException("the gateway exited while waiting for " + what);
            if (System.currentTimeMillis() > end) throw new IllegalStateException("timed out waiting for " + what);
            Thread.sleep(25);
        }
    }

    static String siteConfig(String demo, WanRig rig, int sipPort, long holdDownMs) {
        String s = demo.replace("listen-host: 127.0.0.1", "listen-host: " + rig.gatewayHost() + "\n  digest-algorithms: [MD5]")
                .replaceAll("(?m)^( *udp-port:).*", "$1 " + sipPort)
                .replaceAll("(?m)^( *tcp-port:).*", "$1 " + sipPort)
                .replaceAll("(?m)^( *coap-port:).*", "$1 0");
        return dev.lifeline.it.HqSite.viaHq(s) + rig.upstreamYaml("hq.example") + "\nsurvival:\n  hold-down: " + holdDownMs + "ms\n  register-expires: 60\n";
    }


    private static String awaitFile(Path f, Process gw) throws IOException, InterruptedException {
        long end = System.currentTimeMillis() + 30_000;
        while (!Files.exists(f) || Files.readString(f).isBlank()) {
            if (!gw.isAlive()) throw new IllegalStateException("the gateway exited before it was ready");
            if (System.currentTimeMillis() > end) throw new IllegalStateException("gateway not ready: no " + f);
            Thread.sleep(20);
        }
        return Files.readString(f).strip();
    }

    /** The median of the runs that succeeded (a failed run is -1 and is counted by {@link #failed}, never folded in); -1 if none did. */
    private static long median(List<Long> v) {
        List<Long> s = new ArrayList<>(v.stream().filter(x -> x >= 0).toList());
        s.sort(null);
        return s.isEmpty() ? -1 : s.get(s.size() / 2);
    }

    /** Runs that did not reach the measured event within their limit (recorded as -1). */
    private static long failed(List<Long> v) { return v.stream().filter(x -> x < 0).count(); }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String opt(String[] args, String name, String def) {
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals(name)) return args[i + 1];
        return def;
    }
}
