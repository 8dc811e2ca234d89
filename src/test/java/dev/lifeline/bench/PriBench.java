package dev.lifeline.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Part l of {@code scripts/bench} (issue #11, "Numbers"): the E1 PRI span of a gateway running as its
 * own process (board {@code sim-4fxs-2fxo-1e1}, site {@code demo-e1} on free ports, MD5 digest),
 * with {@code test-rigs/pri-peer} (libpri, network side) as the exchange, SIPp as SIP phone 7000
 * and a sim line of {@link MouthToEarBench} as the analog phone on fxs1. Prints one JSON object.
 *
 * <pre>
 *   PriBench --home DIR --sim HOST:PORT --sip-port P --data DIR --pid GW_PID --work DIR
 *            [--latency-calls 200] [--analog-calls 30] [--media-seconds 24] [--ladder 5,10,20,40,80,160,240] [--step-s 5] [--hold-ms 100]
 * </pre>
 *
 * <p>Measures (every time stamp is CLOCK_MONOTONIC: the rig prints µs with {@code stamps on}, Java's
 * {@code System.nanoTime()} reads the same clock):
 * <ol>
 *   <li>SIP → PRI: SIPp (7000, digest) calls 0 5555550123 at 10/s, the rig answers every SETUP at
 *       once; latency = SIPp's response time from the INVITE with credentials to its 200 OK
 *       ({@code test-rigs/sipp/uac-call-rtd.xml}, {@code -trace_rtt}).
 *   <li>analog → PRI, the gateway's two shares: <b>key → SETUP</b> = the first sample of the last
 *       DTMF digit (80 ms tone) is spoken (the frame carrying it is sent 20 ms later) → the rig has
 *       the SETUP (its RING stamp); this includes the DTMF detector's recognition time. Beside it
 *       {@code dial_end_to_setup}: from the frame carrying the tone's last sample (negative when the
 *       digit is recognised before its tone ends);
 *       <b>CONNECT → bridged</b> = the rig sends CONNECT and right after it the first 20 ms frame of a
 *       1 kHz tone → the phone receives the first frame whose 1 kHz level is ≥ −30 dBm0. That frame's
 *       audio was spoken during the 20 ms before the CONNECT, so this is heard − spoken − 20 ms.
 *   <li>libpri's own figure: two rigs back to back (cpe listens, net connects), SETUP sent → CONNECT
 *       received for the caller's calls, the callee answering at once, at the same 10/s.
 *   <li>30 concurrent calls from the exchange to DID 5555550270 (SIP 7000 = SIPp UAS with
 *       {@code -rtp_echo}), each with its own tone; the gateway's CPU (utime+stime from
 *       /proc/PID/stat over the measuring window, % of one core), the dominant frequency the
 *       exchange hears back on each call (sampled 3 times), and the CDRs' RTP statistics.
 *   <li>calls/s until failure: rig → gateway → SIP and SIP → gateway → rig, and the two rigs back to
 *       back both ways, at the same ladder of offered rates; a step passes when ≥ 99 % complete.
 * </ol>
 */
public final class PriBench {
    private static final Pattern US = Pattern.compile(" us=(\\d+)");

    private final Path home;
    private final Path work;
    private final Path peerBinary;
    private final String simHost;
    private final int simPort;
    private final int sipPort;
    private final Path data;
    private final long pid;
    private final List<Process> sipps = new ArrayList<>();

    private PriBench(String[] args) {
        home = Path.of(opt(args, "--home", "."));
        work = Path.of(opt(args, "--work", System.getProperty("java.io.tmpdir")));
        peerBinary = home.resolve("test-rigs/pri-peer/build/pri-peer");
        String sim = opt(args, "--sim", null);
        if (sim == null) throw new IllegalArgumentException("--sim HOST:PORT required");
        simHost = sim.substring(0, sim.lastIndexOf(':'));
        simPort = Integer.parseInt(sim.substring(sim.lastIndexOf(':') + 1));
        sipPort = Integer.parseInt(opt(args, "--sip-port", "5060"));
        data = Path.of(opt(args, "--data", "."));
        pid = Long.parseLong(opt(args, "--pid", "0"));
    }

    static String opt(String[] args, String name, String def) {
        for (int i = 0; i < args.length - 1; i++) if (args[i].equals(name)) return args[i + 1];
        return def;
    }

    public static void main(String[] args) throws Exception {
        PriBench b = new PriBench(args);
        int code = 0;
        try {
            System.out.println(b.run(
                    Integer.parseInt(opt(args, "--latency-calls", "200")),
                    Integer.parseInt(opt(args, "--analog-calls", "30")),
                    Integer.parseInt(opt(args, "--media-seconds", "24")),
                    Arrays.stream(opt(args, "--ladder", "5,10,20,40,80,160,240").split(",")).mapToInt(Integer::parseInt).toArray(),
                    Integer.parseInt(opt(args, "--step-s", "5")),
                    Integer.parseInt(opt(args, "--hold-ms", "100"))));
        } catch (Exception | AssertionError e) {
            System.err.println("bench: PriBench: " + e);
            e.printStackTrace();
            code = 1;
        } finally {
            b.sipps.forEach(Process::destroyForcibly);
        }
        System.exit(code);
    }

    private String run(int latencyCalls, int analogCalls, int mediaSeconds, int[] ladder, int stepS, int holdMs) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Rig peer = Rig.connect(peerBinary, simHost + ":" + simPort, "net")) {
            peer.await("^L2 UP", 15_000);
            Thread.sleep(1500); // the gateway's RESTARTs and its side of the span settle
            peer.send("stamps on");
            int uasPort = freePort();
            sipPhone7000(uasPort);

            // 1. SIP -> PRI latency
            log("l. SIP -> PRI SETUP latency: " + latencyCalls + " calls at 10/s, the exchange answers at once");
            peer.send("autoanswer on");
            peer.send("autohangup off");
            Sipp sip = sippCalls("latency", 10, latencyCalls, 200);
            double[] rtt = sip.rtts();
            if (rtt.length < latencyCalls * 0.9) {
                throw new IllegalStateException("SIP -> PRI: only " + rtt.length + " of " + latencyCalls + " response times ("
                        + sip.ok + " calls ok, " + sip.failed + " failed); see " + sip.dir);
            }
            out.put("sip_to_pri", String.format(Locale.ROOT,
                    "{\"calls\":%d,\"succeeded\":%d,\"failed\":%d,\"rate_per_s\":10,\"invite_to_200_median_ms\":%.2f,\"invite_to_200_p99_ms\":%.2f,\"samples\":%d}",
                    latencyCalls, sip.ok, sip.failed, pct(rtt, 50), pct(rtt, 99), rtt.length));
            log("  " + out.get("sip_to_pri"));

            // 2. analog -> PRI
            log("l. analog -> PRI: fxs1 dials 0 5555550123, " + analogCalls + " calls");
            peer.send("autoanswer on 1000");
            out.put("analog_to_pri", analog(peer, analogCalls));
            log("  " + out.get("analog_to_pri"));
            peer.send("autoanswer off");

            // 4. 30 concurrent calls to SIP
            log("l. 30 concurrent PRI calls to SIP 7000 (rtp_echo), " + mediaSeconds + " s of tone each");
            out.put("concurrent_30", concurrent(peer, 30, mediaSeconds));
            log("  " + out.get("concurrent_30"));

            // 5. calls/s through the gateway
            log("l. calls/s, rig -> gateway -> SIP, ladder " + Arrays.toString(ladder) + " x " + stepS + " s, " + holdMs + " ms calls");
            out.put("cps_pri_to_sip", ladder(ladder, rate -> {
                peer.send("burst " + rate * stepS + " " + rate + " 5555550270 3125550100 " + holdMs);
                return Step.of(rate, peer.await("^BURST .*$", stepS * 1000L + 60_000).group(0) + "");
            }));
            log("l. calls/s, SIP -> gateway -> rig");
            peer.send("autoanswer on");
            out.put("cps_sip_to_pri", ladder(ladder, rate -> {
                Sipp s = sippCalls("cps-" + rate, rate, rate * stepS, holdMs);
                double[] r = s.rtts();
                return new Step(rate, rate * stepS, s.ok, s.failed, s.rate, r.length > 0 ? pct(r, 50) : -1, r.length > 0 ? pct(r, 99) : -1);
            }));
            peer.send("autoanswer off");
            List<String> errors = peer.errors();
            out.put("peer_errors", "[" + String.join(",", errors.stream().map(PriBench::jstr).toList()) + "]");
        }

        // 3 and 5: libpri against libpri
        log("l. reference: two pri-peer rigs back to back");
        try (Rig cpe = Rig.listen(peerBinary, "cpe")) {
            int port = Integer.parseInt(cpe.await("^LISTENING (\\d+)", 5000).group(1));
            try (Rig net = Rig.connect(peerBinary, "127.0.0.1:" + port, "net")) {
                net.await("^L2 UP", 15_000);
                cpe.await("^L2 UP", 15_000);
                Thread.sleep(500);
                cpe.send("autoanswer on");
                net.send("burst " + latencyCalls + " 10 5555550123 5555550200 200");
                Step s = Step.of(10, net.await("^BURST .*$", latencyCalls * 100L + 60_000).group(0));
                out.put("libpri_setup_to_connect", String.format(Locale.ROOT,
                        "{\"calls\":%d,\"completed\":%d,\"rate_per_s\":10,\"median_ms\":%.2f,\"p99_ms\":%.2f}", s.calls, s.completed, s.medianMs, s.p99Ms));
                log("  " + out.get("libpri_setup_to_connect"));
                out.put("libpri_cps_net_to_cpe", ladder(ladder, rate -> {
                    net.send("burst " + rate * stepS + " " + rate + " 5555550270 3125550100 " + holdMs);
                    return Step.of(rate, net.await("^BURST .*$", stepS * 1000L + 60_000).group(0));
                }));
                cpe.send("autoanswer off");
                net.send("autoanswer on");
                out.put("libpri_cps_cpe_to_net", ladder(ladder, rate -> {
                    cpe.send("burst " + rate * stepS + " " + rate + " 5555550123 5555550200 " + holdMs);
                    return Step.of(rate, cpe.await("^BURST .*$", stepS * 1000L + 60_000).group(0));
                }));
                List<String> errors = new ArrayList<>(net.errors());
                errors.addAll(cpe.errors());
                out.put("libpri_errors", "[" + String.join(",", errors.stream().map(PriBench::jstr).toList()) + "]");
            }
        }
        out.put("ladder", Arrays.toString(ladder).replace(" ", ""));
        out.put("step_s", String.valueOf(stepS));
        out.put("hold_ms", String.valueOf(holdMs));
        out.put("gateway", "\"process\"");
        StringBuilder json = new StringBuilder("{");
        out.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return json.append('}').toString();
    }

    // ---- analog -> PRI ---------------------------------------------------------------------------

    private String analog(Rig peer, int n) throws Exception {
        short[] digits = MouthToEarBench.dtmf("05555550123");
        // digit d sounds for samples [d*1280, d*1280+640): the last (index 10) ends in frame (10*1280+639)/160 = 83
        final int lastToneFrame = (10 * 1280 + 639) / MouthToEarBench.FRAME;
        List<Double> dialToSetup = new ArrayList<>();
        List<Double> keyToSetup = new ArrayList<>();
        List<Double> connectToBridged = new ArrayList<>();
        int failed = 0;
        peer.skip();   // RINGs of the SIP calls before
        try (MouthToEarBench.Line phone = MouthToEarBench.Line.open(simHost, simPort, "fxs1")) {
            Thread.sleep(300);
            for (int i = 0; i < n; i++) {
                phone.sendEvent("OFFHOOK");
                Thread.sleep(400); // dial tone
                phone.startRecording();
                long t0 = phone.sayAtNextFrame(digits);
                long dialEnd = t0 + lastToneFrame * MouthToEarBench.FRAME_NANOS;
                // the last key pressed: its tone's first sample (frame 80) is spoken one frame before that frame is sent
                long keyPress = t0 + (10 * 1280 / MouthToEarBench.FRAME - 1) * MouthToEarBench.FRAME_NANOS;
                Matcher ring = peer.awaitOrNull("^RING (\\d+) .*called=5555550123 .*$", 15_000);
                if (ring == null) {
                    failed++;
                    phone.stopRecording();
                    phone.sendEvent("ONHOOK");
                    Thread.sleep(1000);
                    continue;
                }
                String id = ring.group(1);
                long setupAt = stampNanos(ring.group(0));
                long connectAt = stampNanos(peer.await("^ANSWERED " + id + " .*$", 5000).group(0));
                Thread.sleep(600);
                List<MouthToEarBench.Heard> heard = phone.stopRecording();
                long bridgedAt = -1;
                for (MouthToEarBench.Heard h : heard) {
                    if (h.nanos() < connectAt) continue;
                    if (dbm0(h.pcm(), 1000) >= -30) {
                        bridgedAt = h.nanos();
                        break;
                    }
                }
                dialToSetup.add((setupAt - dialEnd) / 1e6);
                keyToSetup.add((setupAt - keyPress) / 1e6);
                if (bridgedAt > 0) connectToBridged.add((bridgedAt - connectAt) / 1e6);
                else failed++;
                phone.sendEvent("ONHOOK");
                peer.await("^HANGUP " + id + "\\b", 5000);
                Thread.sleep(300);
            }
            phone.sendEvent("ONHOOK");
        }
        if (dialToSetup.isEmpty() || connectToBridged.isEmpty()) {
            throw new IllegalStateException("analog -> PRI: no call measured (" + failed + " failed)");
        }
        double[] a = dialToSetup.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] k = keyToSetup.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] b = connectToBridged.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT,
                "{\"calls\":%d,\"measured\":%d,\"failed\":%d,\"key_to_setup_median_ms\":%.2f,\"key_to_setup_p99_ms\":%.2f,"
                        + "\"key_to_setup_min_ms\":%.2f,\"key_to_setup_max_ms\":%.2f,\"dial_end_to_setup_median_ms\":%.2f,\"dial_end_to_setup_p99_ms\":%.2f,"
                        + "\"dial_end_to_setup_min_ms\":%.2f,\"dial_end_to_setup_max_ms\":%.2f,"
                        + "\"connect_to_bridged_median_ms\":%.2f,\"connect_to_bridged_p99_ms\":%.2f,\"connect_to_bridged_min_ms\":%.2f,"
                        + "\"connect_to_bridged_max_ms\":%.2f,\"bridged_samples\":%d}",
                n, a.length, failed, pct(k, 50), pct(k, 99), k[0], k[k.length - 1], pct(a, 50), pct(a, 99), a[0], a[a.length - 1], pct(b, 50), pct(b, 99), b[0], b[b.length - 1], b.length);
    }

    /** Level at {@code hz} of one 160-sample frame (Hann window, Goertzel); 0 dBm0 is 3.14 dB below full scale. */
    static double dbm0(short[] pcm, double hz) {
        int n = pcm.length;
        double coeff = 2 * Math.cos(2 * Math.PI * hz / 8000), s1 = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
            double s = w * pcm[i] / 32768.0 + coeff * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        double mag2 = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        double amp = 2 * Math.sqrt(Math.max(mag2, 0)) / (n / 2.0);
        return 20 * Math.log10(Math.max(amp, 1e-9)) + 3.14;
    }

    private static long stampNanos(String line) {
        Matcher m = US.matcher(line);
        if (!m.find()) throw new IllegalStateException("no us= stamp on: " + line);
        return Long.parseLong(m.group(1)) * 1000;
    }

    // ---- 30 concurrent calls ---------------------------------------------------------------------

    private String concurrent(Rig peer, int calls, int seconds) throws Exception {
        long before = maxCdrSeq();
        double idleCpu = cpuPct(5000);
        Map<String, Integer> toneOf = new LinkedHashMap<>();
        for (int k = 0; k < calls; k++) {
            peer.send("call 5555550270 31255501" + String.format("%02d", k));
            String id = peer.await("^CALL (\\d+)", 5000).group(1);
            peer.await("^CONNECT " + id + " ", 10_000);
            int hz = 400 + 100 * k;
            peer.send("tone " + id + " " + hz);
            toneOf.put(id, hz);
        }
        long start = System.nanoTime();
        Thread.sleep(2000);
        // CPU over the window; the echo is checked 3 times inside it
        long t0 = cpuTicks(), w0 = System.nanoTime();
        int checks = 0, correct = 0, callsAlwaysRight = 0;
        Map<String, Integer> rightPerCall = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        int window = Math.max(6, seconds - 4);
        for (int c = 0; c < 3; c++) {
            Thread.sleep(window * 1000L / 3);
            for (Map.Entry<String, Integer> e : toneOf.entrySet()) {
                Matcher pk = peer.ask("peak " + e.getKey(), "^PEAK " + e.getKey() + " hz=(\\S+) dbm0=(\\S+)");
                double hz = Double.parseDouble(pk.group(1)), level = Double.parseDouble(pk.group(2));
                checks++;
                if (Math.abs(hz - e.getValue()) <= 20 && level >= -30) {
                    correct++;
                    rightPerCall.merge(e.getKey(), 1, Integer::sum);
                } else if (wrong.size() < 5) {
                    wrong.add("call " + e.getKey() + " sent " + e.getValue() + " Hz, heard " + hz + " Hz at " + level + " dBm0");
                }
            }
        }
        long t1 = cpuTicks(), w1 = System.nanoTime();
        long rest = seconds * 1_000_000_000L - (System.nanoTime() - start);
        if (rest > 0) Thread.sleep(rest / 1_000_000);
        for (String id : toneOf.keySet()) callsAlwaysRight += rightPerCall.getOrDefault(id, 0) == 3 ? 1 : 0;
        int mark = peer.mark();
        for (String id : toneOf.keySet()) peer.send("hangup " + id + " 16");
        if (!peer.awaitCount("^(RELEASED|HANGUP) ", mark, calls, 10_000)) log("  not every call cleared within 10 s");
        double cpu = 100.0 * (t1 - t0) / clkTck() / ((w1 - w0) / 1e9);
        // the CDRs of these calls (written as each ends)
        long[] st = null;
        for (int i = 0; i < 100; i++) {
            st = rtpStats(before);
            if (st[0] >= calls) break;
            Thread.sleep(100);
        }
        long cdrs = st[0], rx = st[1], lost = st[2], late = st[3], talkMs = st[4], tx = st[5];
        long expected = talkMs / 20;   // the gateway sends one packet per 20 ms; the echo returns each
        long missing = Math.max(expected - rx, lost);
        double bad = expected > 0 ? (double) (missing + late) / expected : 1;
        if (cdrs < calls) log("  only " + cdrs + " CDRs of " + calls + " calls");
        if (!wrong.isEmpty()) log("  wrong echoes (first 5): " + wrong);
        return String.format(Locale.ROOT,
                "{\"calls\":%d,\"seconds\":%d,\"gateway_cpu_pct_of_one_core\":%.1f,\"gateway_idle_cpu_pct_of_one_core\":%.1f,\"cpu_window_s\":%.1f,"
                        + "\"echo_checks\":%d,\"echo_checks_correct\":%d,\"calls_echo_always_correct\":%d,\"calls_echo_correct_fraction\":%.3f,"
                        + "\"cdrs\":%d,\"rtp_packets_sent\":%d,\"rtp_packets_expected\":%d,\"rtp_packets_received\":%d,\"rtp_packets_lost\":%d,"
                        + "\"rtp_packets_in_calls_jitter_over_20ms\":%d,\"rtp_bad_fraction\":%.5f,\"rtp_jitter_max_ms\":%.2f,\"rtp_jitter_avg_ms\":%.2f}",
                calls, seconds, cpu, idleCpu, (w1 - w0) / 1e9, checks, correct, callsAlwaysRight, (double) callsAlwaysRight / calls,
                cdrs, tx, expected, rx, lost, late, bad, st[6] / 100.0, st[7] / 100.0);
    }

    private long maxCdrSeq() throws Exception {
        try (Connection c = db(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM cdr")) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    /** count, received, lost, in-high-jitter, talk ms, sent, max jitter x100, avg jitter x100 of answered calls to SIP 7000 since seq. */
    private long[] rtpStats(long since) throws Exception {
        try (Connection c = db(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT COUNT(*), COALESCE(SUM(rtp_packets_received), 0), COALESCE(SUM(rtp_packets_lost), 0),"
                        + " COALESCE(SUM(CASE WHEN rtp_jitter_ms > 20 THEN rtp_packets_received ELSE 0 END), 0),"
                        + " COALESCE(SUM(end_ms - answer_ms), 0), COALESCE(SUM(rtp_packets_sent), 0),"
                        + " CAST(COALESCE(MAX(rtp_jitter_ms), 0) * 100 AS INTEGER), CAST(COALESCE(AVG(rtp_jitter_ms), 0) * 100 AS INTEGER)"
                        + " FROM cdr WHERE seq > " + since + " AND answer_ms IS NOT NULL AND dst_leg LIKE 'sip:7000%'")) {
            r.next();
            long[] v = new long[8];
            for (int i = 0; i < 8; i++) v[i] = r.getLong(i + 1);
            return v;
        }
    }

    private Connection db() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:file:" + data.resolve("lifeline.db") + "?mode=ro");
    }

    private long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);   // utime, stime (fields 14, 15)
    }

    private double cpuPct(long ms) throws Exception {
        long t0 = cpuTicks(), w0 = System.nanoTime();
        Thread.sleep(ms);
        return 100.0 * (cpuTicks() - t0) / clkTck() / ((System.nanoTime() - w0) / 1e9);
    }

    private static long clkTck() {
        return Long.getLong("clk.tck", 100);
    }

    // ---- calls/s ladders -------------------------------------------------------------------------

    record Step(int offered, int calls, int completed, int failed, double rate, double medianMs, double p99Ms) {
        private static final Pattern KV = Pattern.compile("(\\w+)=(\\S+)");

        static Step of(int offered, String burstLine) {
            Map<String, String> kv = new LinkedHashMap<>();
            Matcher m = KV.matcher(burstLine);
            while (m.find()) kv.put(m.group(1), m.group(2));
            int n = Integer.parseInt(kv.get("offered"));
            int done = Integer.parseInt(kv.get("completed"));
            return new Step(offered, n, done, n - done, Double.parseDouble(kv.get("rate")),
                    Double.parseDouble(kv.get("setup_ms_median")), Double.parseDouble(kv.get("setup_ms_p99")));
        }

        boolean passed() {
            return calls > 0 && completed >= 0.99 * calls && rate >= 0.9 * offered;
        }

        String json() {
            return String.format(Locale.ROOT,
                    "{\"offered_per_s\":%d,\"calls\":%d,\"completed\":%d,\"failed\":%d,\"completed_per_s\":%.1f,\"setup_median_ms\":%.2f,\"setup_p99_ms\":%.2f}",
                    offered, calls, completed, failed, rate, medianMs, p99Ms);
        }
    }

    interface StepRun {
        Step run(int rate) throws Exception;
    }

    private String ladder(int[] rates, StepRun step) throws Exception {
        List<String> steps = new ArrayList<>();
        int best = 0;
        double bestRate = 0;
        for (int rate : rates) {
            Step s = step.run(rate);
            log("  offered " + rate + "/s: " + s.completed + " of " + s.calls + " completed (" + s.rate + "/s), setup median "
                    + s.medianMs + " ms, p99 " + s.p99Ms + " ms");
            steps.add(s.json());
            if (!s.passed()) break;
            best = rate;
            bestRate = s.rate;
            Thread.sleep(1000);
        }
        return String.format(Locale.ROOT, "{\"highest_offered_per_s_99pct\":%d,\"completed_per_s_at_it\":%.1f,\"top_of_ladder\":%b,\"steps\":[%s]}",
                best, bestRate, best == rates[rates.length - 1], String.join(",", steps));
    }

    // ---- SIPp ------------------------------------------------------------------------------------

    record Sipp(Path dir, int ok, int failed, double rate, Path rttFile) {
        double[] rtts() throws IOException {
            if (rttFile == null) return new double[0];
            List<Double> v = new ArrayList<>();
            for (String l : Files.readAllLines(rttFile)) {
                String[] f = l.split(";");
                if (f.length >= 3 && !f[0].startsWith("Date")) {
                    try {
                        v.add(Double.parseDouble(f[1]));
                    } catch (NumberFormatException header) {
                        // the header line
                    }
                }
            }
            return v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        }
    }

    /** SIPp as 7000 (digest) calling 0 5555550123 through the gateway: {@code n} calls at {@code rate}/s, each held {@code holdMs}. */
    private Sipp sippCalls(String name, int rate, int n, int holdMs) throws Exception {
        Path dir = Files.createDirectories(work.resolve("pri-sipp-" + name));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("sipp", "-sf", home.resolve("test-rigs/sipp/uac-call-rtd.xml").toString(),
                "-s", "05555550123", "-au", "7000", "-ap", "lifeline7000", "-auth_uri", "05555550123@127.0.0.1:" + sipPort,
                "-i", "127.0.0.1", "-p", String.valueOf(freePort()), "-mi", "127.0.0.1", "-mp", String.valueOf(freePort() & ~1),
                "-r", String.valueOf(rate), "-rp", "1000", "-m", String.valueOf(n), "-l", "30", "-d", String.valueOf(holdMs),
                "-recv_timeout", "10000", "-timeout", (n / rate + 60) + "s", "-nostdin", "-trace_stat", "-stf", "stats.csv",
                "-trace_rtt", "-rtt_freq", "1", "-trace_err", "-error_file", "errors.log", "127.0.0.1:" + sipPort)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("sipp.out").toFile()).start();
        sipps.add(p);
        if (!p.waitFor(n / rate + 90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("SIPp (" + name + ") did not finish; see " + dir);
        }
        double secs = (System.nanoTime() - t0) / 1e9 - holdMs / 1000.0;
        Path stats = dir.resolve("stats.csv");
        if (!Files.exists(stats)) throw new IllegalStateException("SIPp (" + name + ") wrote no statistics; see " + dir.resolve("sipp.out"));
        int ok = (int) sippCol(stats, "SuccessfulCall(C)"), failed = (int) sippCol(stats, "FailedCall(C)");
        Path rtt;
        try (var files = Files.list(dir)) {
            rtt = files.filter(f -> f.getFileName().toString().endsWith("_rtt.csv")).findFirst().orElse(null);
        }
        return new Sipp(dir, ok, failed, ok / Math.max(secs, 0.001), rtt);
    }

    private static double sippCol(Path csv, String name) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] head = lines.get(0).split(";"), last = lines.get(lines.size() - 1).split(";");
        for (int i = 0; i < head.length; i++) if (head[i].equals(name)) return Double.parseDouble(last[i].trim());
        throw new IllegalStateException("no column " + name + " in " + csv);
    }

    /** SIP user 7000 as a SIPp UAS that answers every call and echoes its RTP, registered at the gateway. */
    private void sipPhone7000(int uasPort) throws Exception {
        Path dir = Files.createDirectories(work.resolve("pri-uas"));
        sipps.add(new ProcessBuilder("sipp", "-sf", home.resolve("test-rigs/sipp/uas-answer-many.xml").toString(), "-s", "7000",
                "-i", "127.0.0.1", "-p", String.valueOf(uasPort), "-mi", "127.0.0.1", "-mp", String.valueOf(freePort() & ~1), "-rtp_echo",
                "-nostdin", "127.0.0.1:" + sipPort).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("uas.out").toFile()).start());
        Thread.sleep(300);
        Process reg = new ProcessBuilder("sipp", "-sf", home.resolve("test-rigs/sipp/register-as.xml").toString(), "-s", "7000",
                "-au", "7000", "-ap", "lifeline7000", "-key", "contact_port", String.valueOf(uasPort), "-i", "127.0.0.1",
                "-p", String.valueOf(freePort()), "-m", "1", "-timeout", "10s", "-timeout_error", "-nostdin", "127.0.0.1:" + sipPort)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("register.out").toFile()).start();
        if (!reg.waitFor(20, TimeUnit.SECONDS) || reg.exitValue() != 0) {
            throw new IllegalStateException("SIP 7000 could not register; see " + dir.resolve("register.out"));
        }
    }

    private static int freePort() throws IOException {
        return dev.lifeline.sip.FreePorts.udpAndTcp();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    static double pct(double[] sorted, double p) {
        if (sorted.length == 0) return -1;
        double rank = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank), hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    static String jstr(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    static void log(String s) {
        System.err.println("bench: " + s);
    }

    /** A pri-peer process: commands to stdin, its lines read as they come. */
    static final class Rig implements AutoCloseable {
        private final Process process;
        private final List<String> lines = new ArrayList<>();
        private int next;
        private boolean ended;

        private Rig(Process p) {
            process = p;
            Thread t = new Thread(this::read, "pri-peer-reader");
            t.setDaemon(true);
            t.start();
        }

        static Rig connect(Path bin, String where, String side) throws IOException {
            return new Rig(new ProcessBuilder(bin.toString(), "--connect", where, "--span", "e1a", "--side", side)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }

        static Rig listen(Path bin, String side) throws IOException {
            return new Rig(new ProcessBuilder(bin.toString(), "--listen", "0", "--span", "e1a", "--side", side)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }

        private void read() {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = in.readLine()) != null) {
                    synchronized (this) {
                        lines.add(l);
                        notifyAll();
                    }
                }
            } catch (IOException ended) {
                // the rig is gone
            } finally {
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }
        }

        void send(String cmd) {
            try {
                OutputStream o = process.getOutputStream();
                o.write((cmd + "\n").getBytes(StandardCharsets.UTF_8));
                o.flush();
            } catch (IOException e) {
                throw new IllegalStateException("pri-peer takes no commands any more: " + e + "\n" + recent());
            }
        }

        synchronized Matcher awaitOrNull(String regex, long timeoutMs) throws InterruptedException {
            Pattern p = Pattern.compile(regex);
            long end = System.nanoTime() + timeoutMs * 1_000_000;
            while (true) {
                for (; next < lines.size(); next++) {
                    Matcher m = p.matcher(lines.get(next));
                    if (m.find()) {
                        next++;
                        return m;
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0 || ended) return null;
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        Matcher await(String regex, long timeoutMs) throws InterruptedException {
            Matcher m = awaitOrNull(regex, timeoutMs);
            if (m == null) throw new IllegalStateException("pri-peer: no line /" + regex + "/ within " + timeoutMs + " ms; recent:\n" + recent());
            return m;
        }

        synchronized void skip() {
            next = lines.size();
        }

        synchronized int mark() {
            return lines.size();
        }

        /** Waits until {@code count} lines since {@code mark} match; consumes every line so far. */
        synchronized boolean awaitCount(String regex, int mark, int count, long timeoutMs) throws InterruptedException {
            Pattern p = Pattern.compile(regex);
            long end = System.nanoTime() + timeoutMs * 1_000_000;
            while (true) {
                long n = lines.subList(mark, lines.size()).stream().filter(l -> p.matcher(l).find()).count();
                long left = end - System.nanoTime();
                if (n >= count || left <= 0 || ended) {
                    next = lines.size();
                    return n >= count;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        Matcher ask(String cmd, String regex) throws InterruptedException {
            send(cmd);
            return await(regex, 5000);
        }

        synchronized List<String> errors() {
            return lines.stream().filter(l -> l.startsWith("PRIERROR") || l.startsWith("ERROR")).limit(20).toList();
        }

        synchronized String recent() {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                try {
                    send("quit");
                } catch (IllegalStateException gone) {
                    // ended already
                }
                if (!process.waitFor(2, TimeUnit.SECONDS)) process.destroyForcibly();
            }
        }
    }
}
