package dev.lifeline.it;

import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * What the controller end-to-end tests share: the demo site pointed at a test broker, a
 * gateway as a real process, a backlog written into a gateway's journal, SIPp making many
 * calls, and waiting for a condition.
 */
final class ControllerRig {
    static final String SITE = "demo-branch";
    static final String GW = "gw-demo";

    private ControllerRig() {}

    /** Adds a {@code controller:} section for {@code brokerUrl} to a site config text. */
    static UnaryOperator<String> withController(String brokerUrl) {
        return s -> s + "\ncontroller:\n  url: " + brokerUrl + "\n";
    }

    /** The shipped demo config with the controller section (what the tests push, edited). */
    static String demoConfig(String brokerUrl) throws IOException {
        return withController(brokerUrl).apply(Files.readString(TestGateway.HOME.resolve("site-configs/demo.yaml")));
    }

    /** A condition to wait for; may read databases and files. */
    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} every 20 ms; true once it holds, false after {@code timeout}. */
    static boolean await(Check condition, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.holds()) return true;
            Thread.sleep(20);
        }
        return condition.holds();
    }

    /** A gateway as a separate process, like {@code lifeline run}, with ephemeral ports and the controller. */
    static Process startGateway(Path dir, Path data, String brokerUrl) throws Exception {
        Path[] cfg = GatewayProcess.ephemeralConfig(dir);
        Files.writeString(cfg[1], withController(brokerUrl).apply(Files.readString(cfg[1])));
        Process p = GatewayProcess.builder("run", "--board", cfg[0].toString(), "--config", cfg[1].toString(),
                "--data", data.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("gateway.log").toFile())).start();
        GatewayProcess.awaitFile(data.resolve("run/mgmt.uri"), p, Duration.ofSeconds(20));
        return p;
    }

    /** SIGKILL, as a power cut or the OOM killer would: no shutdown hook, no goodbye to the broker. */
    static void kill9(Process p) throws InterruptedException {
        p.destroyForcibly();
        if (!p.waitFor(10, TimeUnit.SECONDS)) throw new AssertionError("gateway survived SIGKILL");
        if (Files.exists(Path.of("/proc/" + p.pid()))) Thread.sleep(100);
    }

    /** Writes {@code n} realistic CDRs into a gateway's journal (its data dir), in one transaction. */
    static void fillJournal(Path data, int n) {
        try (Database db = Database.open(data.resolve("lifeline.db"))) {
            CdrStore store = new CdrStore(db);
            Instant t = Instant.parse("2025-01-01T08:00:00Z");
            db.inTransaction(c -> {
                for (int i = 0; i < n; i++) {
                    Instant start = t.plusSeconds(i * 7L);
                    store.insert(Cdr.builder().gatewayId(GW).direction("internal").callingNumber("6000").callingName("Reception")
                            .calledDialled("6001").srcLeg("fxs:fxs1").dstLeg("fxs:fxs2").start(start)
                            .answer(start.plusMillis(4200)).end(start.plusMillis(65_300)).q850Cause(16).build());
                }
                return null;
            });
        }
    }

    /** CDRs in a gateway's journal (what it has not had acknowledged), read beside the running gateway. */
    static long journalCount(Path data) {
        try (Database db = Database.open(data.resolve("lifeline.db"))) {
            return new CdrStore(db).count();
        }
    }

    /**
     * Makes {@code calls} answered SIP calls through the gateway at {@code rate} per second: SIPp
     * as phone 7000 calls 7001, a second SIPp registered as 7001 answers, each call lasts
     * {@code holdMs}. Returns SIPp's exit code (0: every call succeeded) and its output.
     */
    static SippRun sipCalls(int gatewaySipPort, int calls, int rate, int holdMs) throws Exception {
        Sipp.assumeInstalled();
        int uasPort = dev.lifeline.sip.FreePorts.udpAndTcp();
        Path dir = Files.createTempDirectory("sipp-calls");
        Process uas = sipp(dir, "uas", List.of("-sf", rig("uas-answer-many.xml"), "-i", "127.0.0.1", "-p", String.valueOf(uasPort),
                "-mi", "127.0.0.1", "-mp", String.valueOf(dev.lifeline.sip.FreePorts.mediaBlock()), "-nostdin", "127.0.0.1:" + gatewaySipPort));
        try {
            Thread.sleep(300);
            try (Sipp reg = Sipp.start("register-as.xml", gatewaySipPort, "-s", "7001", "-au", "7001", "-ap", "lifeline7001",
                    "-key", "contact_port", String.valueOf(uasPort))) {
                if (reg.await(15) != 0) throw new AssertionError("7001 could not register\n" + reg.output());
            }
            Process uac = sipp(dir, "uac", List.of("-sf", rig("uac-call-rate.xml"), "-s", "7001", "-au", "7000", "-ap", "lifeline7000",
                    "-auth_uri", "7001@127.0.0.1:" + gatewaySipPort, "-i", "127.0.0.1", "-p",
                    String.valueOf(dev.lifeline.sip.FreePorts.udpAndTcp()), "-mi", "127.0.0.1", "-mp", String.valueOf(dev.lifeline.sip.FreePorts.mediaBlock()),
                    "-r", String.valueOf(rate), "-rp", "1000", "-m", String.valueOf(calls), "-l", String.valueOf(rate * 5),
                    "-d", String.valueOf(holdMs), "-recv_timeout", "10000", "-timeout", (calls / rate + 60) + "s", "-nostdin",
                    "-trace_err", "-error_file", dir.resolve("uac-errors.log").toString(), "127.0.0.1:" + gatewaySipPort));
            boolean done = uac.waitFor(calls / rate + 90, TimeUnit.SECONDS);
            if (!done) uac.destroyForcibly();
            return new SippRun(done ? uac.exitValue() : -1, Files.readString(dir.resolve("uac.out")));
        } finally {
            uas.destroyForcibly();
        }
    }

    record SippRun(int exitCode, String output) {}

    private static Process sipp(Path dir, String name, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("sipp");
        cmd.addAll(args);
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile()).start();
    }

    private static String rig(String scenario) {
        return TestGateway.HOME.resolve("test-rigs/sipp").resolve(scenario).toString();
    }
}
