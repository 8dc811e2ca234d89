package dev.lifeline.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinylog.Logger;

/**
 * The WAN between the branch gateway and HQ, cut for real (DESIGN §11, issue #4).
 *
 * <p><b>Network namespaces</b> (root, {@code ip netns}): HQ (Kamailio and any HQ-side SIPp) runs
 * in its own namespace {@code llwan-<pid>-<n>}, joined to the root namespace by a veth pair,
 * {@code 10.77.<n>.1} on the gateway side and {@code 10.77.<n>.2} on the HQ side ({@code n} unique
 * per run). The gateway listens on {@code 10.77.<n>.1} ({@code sip.listen-host}); phones on
 * 127.0.0.1 reach it there. {@link #cut()} sets the HQ-side veth down inside the namespace — the
 * gateway-side end loses carrier but keeps its address, so the phones still reach the gateway;
 * {@link #restore()} sets it up again. Everything between gateway and HQ (SIP on any transport,
 * RTP) crosses the veth, so the cut is total.
 *
 * <p><b>Fault-injecting relay</b> where namespaces are unavailable ({@link FaultRelay}): everything
 * runs on loopback; the gateway's upstream server is the relay's gateway-facing socket
 * (127.0.0.1:R), Kamailio listens on 127.0.0.1:K and advertises 127.0.0.1:R (Via, Record-Route),
 * the gateway advertises the relay's HQ-facing socket 127.0.0.2:G in its Path
 * ({@code upstream.advertise}), where G is the gateway's own SIP port: HQ answers the gateway's
 * requests at the Via port on the source address (received=127.0.0.2), which is that socket.
 * Limits: SIP over UDP only (no TCP, no RTP between HQ and the branch), and the phones' contacts
 * are loopback addresses HQ could reach directly if it ignored the Path (Kamailio does not).
 *
 * <p>Namespaces are removed by {@link #close()}, by a JVM shutdown hook, and — for runs that were
 * killed — at the next start ({@code llwan-<pid>-*} of a dead pid).
 */
public final class WanRig implements AutoCloseable {
    public static final String NEED_ROOT = "WAN-cut tests need root for network namespaces";
    private static final Pattern NS_NAME = Pattern.compile("llwan-(\\d+)-(\\d+)");
    private static Boolean netnsWorks;

    public enum Kind { NETNS, RELAY }

    private final Kind kind;
    private final int gatewaySipPort;
    private final String ns;
    private final String hqVeth;
    private final String gatewayHost;
    private final String hqHost;
    private final int hqPort;
    private final int kamailioPort;
    private final FaultRelay relay;
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final Thread hook = new Thread(this::close, "wan-rig-cleanup");
    private volatile boolean cut;
    private volatile boolean closed;

    private WanRig(Kind kind, int gatewaySipPort, String ns, String hqVeth, String gatewayHost, String hqHost, int hqPort,
                   int kamailioPort, FaultRelay relay) {
        this.kind = kind;
        this.gatewaySipPort = gatewaySipPort;
        this.ns = ns;
        this.hqVeth = hqVeth;
        this.gatewayHost = gatewayHost;
        this.hqHost = hqHost;
        this.hqPort = hqPort;
        this.kamailioPort = kamailioPort;
        this.relay = relay;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** True when this process may create network namespaces (root, iproute2, a working {@code ip netns}). */
    public static synchronized boolean netnsAvailable() {
        if (netnsWorks == null) {
            String probe = "llwan-" + ProcessHandle.current().pid() + "-0";
            netnsWorks = Files.isExecutable(Path.of("/usr/sbin/ip")) && "0".equals(output("id", "-u").strip())
                    && run("ip", "netns", "add", probe) == 0 && run("ip", "netns", "del", probe) == 0;
            if (!netnsWorks) Logger.info("wan rig: {}; using the fault-injecting relay", NEED_ROOT);
        }
        return netnsWorks;
    }

    /**
     * Namespaces where possible, else the relay ({@code -Dlifeline.wan-rig=relay} forces the relay);
     * the gateway must then use {@code gatewaySipPort}.
     */
    public static WanRig start(int gatewaySipPort) throws IOException {
        boolean relay = "relay".equals(System.getProperty("lifeline.wan-rig"));
        return !relay && netnsAvailable() ? netns(gatewaySipPort) : relay(gatewaySipPort);
    }

    /** HQ in its own network namespace (needs root). */
    public static WanRig netns(int gatewaySipPort) throws IOException {
        if (!netnsAvailable()) throw new IllegalStateException(NEED_ROOT);
        sweepStale();
        long pid = ProcessHandle.current().pid();
        for (int attempt = 0; attempt < 20; attempt++) {
            int n = ThreadLocalRandom.current().nextInt(1, 255);
            if (output("ip", "-o", "addr").contains(" 10.77." + n + ".")) continue;
            String ns = "llwan-" + pid + "-" + n;
            String gw = "llw" + n + "g";
            String hq = "llw" + n + "h";
            if (run("ip", "link", "add", gw, "type", "veth", "peer", "name", hq) != 0) continue; // taken by a parallel run
            String gwIp = "10.77." + n + ".1";
            String hqIp = "10.77." + n + ".2";
            boolean ok = run("ip", "netns", "add", ns) == 0
                    && run("ip", "link", "set", hq, "netns", ns) == 0
                    && run("ip", "addr", "add", gwIp + "/24", "dev", gw) == 0
                    && run("ip", "link", "set", gw, "up") == 0
                    && run("ip", "netns", "exec", ns, "ip", "addr", "add", hqIp + "/24", "dev", hq) == 0
                    && run("ip", "netns", "exec", ns, "ip", "link", "set", hq, "up") == 0
                    && run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up") == 0;
            if (!ok) {
                run("ip", "link", "del", gw);
                run("ip", "netns", "del", ns);
                throw new IOException("could not build the netns WAN " + ns + " (see the log)");
            }
            Logger.info("wan rig: HQ in namespace {} at {}, gateway side {} ({} <-> {})", ns, hqIp, gwIp, gw, hq);
            return new WanRig(Kind.NETNS, gatewaySipPort, ns, hq, gwIp, hqIp, 5060, 5060, null);
        }
        throw new IOException("no free 10.77.<n>.0/24 for the WAN rig");
    }

    /** HQ on loopback behind a {@link FaultRelay} (no privileges needed). */
    public static WanRig relay(int gatewaySipPort) throws IOException {
        int kamailio = dev.lifeline.sip.FreePorts.udpAndTcp();
        int relayPort = dev.lifeline.sip.FreePorts.udpAndTcp();
        FaultRelay r = new FaultRelay(new InetSocketAddress("127.0.0.1", relayPort), new InetSocketAddress("127.0.0.2",
                gatewaySipPort), new InetSocketAddress("127.0.0.1", gatewaySipPort), new InetSocketAddress("127.0.0.1", kamailio));
        Logger.info("wan rig: HQ on 127.0.0.1:{} behind a relay (gateway side 127.0.0.1:{}, HQ side 127.0.0.2:{})",
                kamailio, relayPort, gatewaySipPort);
        return new WanRig(Kind.RELAY, gatewaySipPort, null, null, "127.0.0.1", "127.0.0.1", relayPort, kamailio, r);
    }

    public Kind kind() { return kind; }

    /** Where the gateway listens ({@code sip.listen-host}) and the phones send to. */
    public String gatewayHost() { return gatewayHost; }

    /** The gateway's upstream server: {@code upstream.servers[0]} host and port. */
    public String hqHost() { return hqHost; }

    public int hqPort() { return hqPort; }

    /** {@code upstream.advertise} for the gateway, or null (namespaces need none). */
    public String advertise() { return kind == Kind.RELAY ? "127.0.0.2:" + gatewaySipPort : null; }

    /** The site-config text for HQ: an {@code upstream:} section (plus {@code advertise} with the relay). */
    public String upstreamYaml(String domain) {
        return "\nupstream:\n  servers: [ { host: " + hqHost + ", port: " + hqPort + ", transport: udp, priority: 1 } ]\n"
                + "  domain: " + domain + "\n" + (advertise() == null ? "" : "  advertise: \"" + advertise() + "\"\n");
    }

    /** Where HQ-side tools reach Kamailio and bind themselves. */
    public String hqSideHost() { return kind == Kind.NETNS ? hqHost : "127.0.0.1"; }

    public int kamailioPort() { return kamailioPort; }

    /**
     * Starts Kamailio with {@code cfg} on HQ's side (in the namespace, or on loopback advertising the
     * relay); stopped by {@link #close()}. Waits until it listens.
     */
    public Process startKamailio(Path cfg, Path runDir, Path log, String... extra) throws Exception {
        String listen = kind == Kind.NETNS ? "udp:" + hqHost + ":" + kamailioPort
                : "udp:127.0.0.1:" + kamailioPort + "/127.0.0.1:" + hqPort;
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/kamailio", "-f", cfg.toString(), "-DD", "-E", "-n", "1",
                "-l", listen, "-m", "32", "-M", "4", "-Y", runDir.toString()));
        cmd.addAll(List.of(extra));
        Process p = onHq(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        long end = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < end) {
            if (!p.isAlive()) throw new IOException("kamailio exited: " + Files.readString(log));
            if (Files.readString(log).contains("Listening on")) {
                Thread.sleep(300); // the workers fork after the banner
                return p;
            }
            Thread.sleep(50);
        }
        return p;
    }

    /** A process on HQ's side of the WAN (inside the namespace with namespaces); the rig stops it at close. */
    public ProcessBuilder onHq(List<String> cmd) {
        List<String> full = new ArrayList<>();
        if (kind == Kind.NETNS) full.addAll(List.of("ip", "netns", "exec", ns));
        full.addAll(cmd);
        return new ProcessBuilder(full);
    }

    /** Starts {@code pb} (from {@link #onHq}) and stops it at {@link #close()}. */
    public Process startOnHq(ProcessBuilder pb) throws IOException {
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** Cuts the WAN: HQ-side link down (or the relay drops everything). */
    public void cut() {
        if (kind == Kind.NETNS) mustRun("ip", "netns", "exec", ns, "ip", "link", "set", hqVeth, "down");
        else relay.cut();
        cut = true;
        Logger.info("wan rig: WAN cut");
    }

    /** Restores the WAN. */
    public void restore() {
        if (kind == Kind.NETNS) mustRun("ip", "netns", "exec", ns, "ip", "link", "set", hqVeth, "up");
        else relay.restore();
        cut = false;
        Logger.info("wan rig: WAN restored");
    }

    public boolean isCut() { return cut; }

    /** Cuts for {@code downMs}, restores for {@code upMs}, {@code times} times; ends restored. */
    public void flap(long downMs, long upMs, int times) throws InterruptedException {
        for (int i = 0; i < times; i++) {
            cut();
            Thread.sleep(downMs);
            restore();
            Thread.sleep(upMs);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (relay != null) relay.close();
        if (ns != null) removeNamespace(ns);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
    }

    /** Kills what still runs in {@code ns} and deletes it (the veth pair goes with it). */
    private static void removeNamespace(String ns) {
        for (String pid : output("ip", "netns", "pids", ns).split("\\s+")) {
            if (!pid.isBlank()) run("kill", "-9", pid.strip());
        }
        run("ip", "netns", "del", ns);
        Matcher m = NS_NAME.matcher(ns);
        if (m.matches()) run("ip", "link", "del", "llw" + m.group(2) + "g"); // normally gone with its peer
    }

    /** Namespaces left behind by killed runs (their pid is gone). */
    private static void sweepStale() {
        for (String line : output("ip", "netns", "list").split("\n")) {
            Matcher m = NS_NAME.matcher(line.strip().split("\\s+")[0]);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                Logger.info("wan rig: removing stale namespace {}", m.group());
                removeNamespace(m.group());
            }
        }
    }

    private static void mustRun(String... cmd) {
        if (run(cmd) != 0) throw new IllegalStateException("failed: " + String.join(" ", cmd));
    }

    static int run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            int rc = p.waitFor();
            if (rc != 0) Logger.debug("wan rig: {} -> {}: {}", String.join(" ", cmd), rc, out.strip());
            return rc;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static String output(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
