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
                .replace("coap-port: 5683", "coap-port: 0")
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
}
