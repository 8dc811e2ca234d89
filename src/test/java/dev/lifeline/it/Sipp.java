package dev.lifeline.it;

import dev.lifeline.sip.FreePorts;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** SIPp (Debian sip-tester) run as a real SIP peer with a scenario from test-rigs/sipp. */
final class Sipp implements AutoCloseable {
    private final Process process;
    private final Path log;

    private Sipp(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static void assumeInstalled() {
        Peers.requireSipp();
    }

    /** Starts {@code scenario} against the gateway's SIP port with extra SIPp arguments. */
    static Sipp start(String scenario, int gatewaySipPort, String... extra) throws Exception {
        return startOn(FreePorts.udpAndTcp(), scenario, gatewaySipPort, extra);
    }

    /** As {@link #start} with SIPp's own SIP port fixed (a UAS that another SIPp registered). */
    static Sipp startOn(int localPort, String scenario, int gatewaySipPort, String... extra) throws Exception {
        return startIn(Files.createTempDirectory("sipp"), localPort, scenario, gatewaySipPort, extra);
    }

    /** As {@link #startOn}, running in {@code dir} (where a scenario finds files it names, e.g. a pcap to play). */
    static Sipp startIn(Path dir, int localPort, String scenario, int gatewaySipPort, String... extra) throws Exception {
        return launch(dir, localPort, scenario, "127.0.0.1:" + gatewaySipPort, extra);
    }

    /** As {@link #start} against a gateway listening on {@code gatewayHost} (the WAN rig's gateway address). */
    static Sipp startAt(String gatewayHost, int gatewaySipPort, String scenario, String... extra) throws Exception {
        return startAtIn(Files.createTempDirectory("sipp"), gatewayHost, gatewaySipPort, scenario, extra);
    }

    /** As {@link #startAt}, running in {@code dir} (where a scenario finds files it names). */
    static Sipp startAtIn(Path dir, String gatewayHost, int gatewaySipPort, String scenario, String... extra) throws Exception {
        return launch(dir, FreePorts.udpAndTcp(), scenario, gatewayHost + ":" + gatewaySipPort, extra);
    }

    /**
     * A SIPp on HQ's side of the {@link WanRig} (inside its namespace, bound to the HQ-side address),
     * sending to Kamailio, running in {@code dir}; the rig stops it at close.
     */
    static Sipp onHq(WanRig rig, Path dir, String scenario, String... extra) throws Exception {
        assumeInstalled();
        List<String> cmd = command(dir, rig.hqSideHost(), FreePorts.udpAndTcp(), scenario,
                rig.hqSideHost() + ":" + rig.kamailioPort(), extra);
        Process p = rig.startOnHq(rig.onHq(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile()));
        return new Sipp(p, dir);
    }

    private static Sipp launch(Path dir, int localPort, String scenario, String target, String... extra) throws Exception {
        assumeInstalled();
        Path log = dir.resolve("sipp.out");
        Process p = new ProcessBuilder(command(dir, "127.0.0.1", localPort, scenario, target, extra)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Sipp(p, dir);
    }

    private static List<String> command(Path dir, String host, int localPort, String scenario, String target,
                                        String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf",
                TestGateway.HOME.resolve("test-rigs/sipp").resolve(scenario).toString(),
                "-i", host, "-p", String.valueOf(localPort),
                "-mi", host, "-mp", String.valueOf(FreePorts.mediaBlock()),
                "-m", "1", "-timeout", "40s", "-timeout_error", "-nostdin",
                "-trace_err", "-error_file", dir.resolve("errors.log").toString()));
        cmd.addAll(List.of(extra));
        cmd.add(target);
        return cmd;
    }

    /** Waits for SIPp to finish; returns its exit code (0: every call succeeded). */
    int await(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    boolean alive() { return process.isAlive(); }

    /** What SIPp printed and its error log, for assertion messages. */
    String output() {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(log)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f);
                sb.append("== ").append(f.getFileName()).append('\n')
                        .append(text.length() > 4000 ? text.substring(text.length() - 4000) : text).append('\n');
            }
        } catch (Exception e) {
            sb.append(e);
        }
        return sb.toString();
    }

    @Override
    public void close() { process.destroyForcibly(); }
}
