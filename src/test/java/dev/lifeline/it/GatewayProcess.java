package dev.lifeline.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code lifeline} command as a separate JVM, the way an operator runs it: same main class,
 * same classpath as the tests, with the DSP library and project home passed on.
 */
final class GatewayProcess {
    private GatewayProcess() {}

    /** Output and exit code of a finished command. */
    record Result(int exitCode, String out, String err) {}

    static ProcessBuilder builder(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Dlifeline.dsp.library=" + System.getProperty("lifeline.dsp.library"));
        cmd.add("-Dlifeline.home=" + TestGateway.HOME.toAbsolutePath());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.lifeline.app.Main");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    /**
     * The gateway as production runs it: the same JVM flags as {@code ./scripts/lifeline}
     * (LIFELINE_JVM_FLAGS in scripts/lib/common.sh is read, so there is one list), so heap limits
     * and GC behave as on the box.
     */
    static ProcessBuilder production(String... args) throws IOException {
        ProcessBuilder pb = builder(args);
        pb.command().addAll(1, productionFlags());
        pb.environment().put("MALLOC_ARENA_MAX", "2"); // as scripts/lib/common.sh exports it
        return pb;
    }

    static List<String> productionFlags() throws IOException {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : Files.readAllLines(TestGateway.HOME.resolve("scripts/lib/common.sh"))) {
            String t = line.strip();
            if (t.startsWith("LIFELINE_JVM_FLAGS=(")) {
                in = true;
            } else if (in && t.equals(")")) {
                break;
            } else if (in && t.startsWith("-")) {
                int hash = t.indexOf('#');
                for (String flag : (hash < 0 ? t : t.substring(0, hash)).trim().split("\\s+")) {
                    if (!flag.startsWith("--enable-native-access")) out.add(flag); // builder() has it
                }
            }
        }
        if (out.size() < 5) throw new IOException("LIFELINE_JVM_FLAGS not found in scripts/lib/common.sh");
        return out;
    }

    /** VmRSS of a process in kB (Linux). */
    static long rssKb(Process p) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
        throw new IOException("no VmRSS for " + p.pid());
    }

    /** Runs a command to completion (at most 30 s). */
    static Result run(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("lifeline-out", ".txt");
        Path err = Files.createTempFile("lifeline-err", ".txt");
        Process p = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("lifeline " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Copies of the demo board and site with ephemeral ports, so tests never collide. */
    static Path[] ephemeralConfig(Path dir) throws IOException {
        Path board = dir.resolve("board.yaml");
        Files.writeString(board, Files.readString(TestGateway.HOME.resolve("board-profiles/sim-4fxs-2fxo.yaml"))
                .replace("listen: 127.0.0.1:7100", "listen: 127.0.0.1:0"));
        Path site = dir.resolve("site.yaml");
        int sip = dev.lifeline.sip.FreePorts.udpAndTcp();
        Files.writeString(site, Files.readString(TestGateway.HOME.resolve("site-configs/demo.yaml"))
                .replace("coap-port: 5683", "coap-port: 0").replace("port: 8080", "port: 0") // the web console
                .replace("udp-port: 5060", "udp-port: " + sip).replace("tcp-port: 5060", "tcp-port: " + sip));
        return new Path[] {board, site};
    }

    /** Waits for a file the gateway writes when ready. */
    static String awaitFile(Path f, Process p, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(f) && !Files.readString(f).isBlank()) return Files.readString(f).trim();
            if (!p.isAlive()) throw new AssertionError("gateway exited with " + p.exitValue());
            Thread.sleep(50);
        }
        throw new AssertionError("gateway not ready: " + f + " missing");
    }

    /** A demo gateway process on ephemeral ports in {@code dir}, ready: its data dir and sim port. */
    record Demo(Process process, Path data, int simPort) {}

    /** Starts the demo site as a separate process (log in dir/gw.log) and waits until it is ready. */
    static Demo startDemo(Path dir) throws Exception {
        Path[] cfg = ephemeralConfig(dir);
        Path data = dir.resolve("data");
        Process gw = builder("run", "--board", cfg[0].toString(), "--config", cfg[1].toString(), "--data", data.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("gw.log").toFile()).start();
        try {
            awaitFile(data.resolve("run/mgmt.uri"), gw, Duration.ofSeconds(15));
            String[] sim = awaitFile(data.resolve("run/sim.addr"), gw, Duration.ofSeconds(5)).split(":");
            return new Demo(gw, data, Integer.parseInt(sim[1]));
        } catch (Exception | Error e) {
            gw.destroyForcibly();
            throw e;
        }
    }
}
