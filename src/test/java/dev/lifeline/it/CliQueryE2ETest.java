package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./scripts/lifeline status|calls|registrations|cdr|unblock|watch} as an operator types them:
 * the script's fast path (libcoap's coap-client, no JVM; scripts/lib/query.sh) against a running
 * gateway, and its one-line errors when there is nothing to ask.
 */
@Tag("e2e")
class CliQueryE2ETest {
    private static final Path SCRIPT = TestGateway.HOME.resolve("scripts/lifeline").toAbsolutePath();

    @Test
    void queriesShowWhatTheGatewaySeesAndWatchRedraws(@TempDir Path dir) throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/coap-client-notls")), "libcoap3-bin (./scripts/test installs it)");
        GatewayProcess.Demo demo = GatewayProcess.startDemo(dir);
        Process gw = demo.process();
        Path data = demo.data();
        try {
            try (VirtualPhone a = VirtualPhone.connect("127.0.0.1", demo.simPort(), "fxs1", "us");
                 VirtualPhone b = VirtualPhone.connect("127.0.0.1", demo.simPort(), "fxs2", "us")) {
                a.offHook();
                assertTrue(a.awaitTone(ToneKind.DIAL, Duration.ofSeconds(3)));
                a.dialDtmf("6001");
                assertTrue(b.awaitRinging(Duration.ofSeconds(3)));
                b.offHook();

                Result status = script(dir, "status", "--data", data.toString());
                assertEquals(0, status.code, status.err);
                assertTrue(status.out.contains("gw-demo") && status.out.contains("mode normal"), status.out);
                assertTrue(status.out.lines().anyMatch(l -> l.startsWith("fxs1") && l.contains("6000") && l.contains("CONNECTED")),
                        status.out);
                Result calls = script(dir, "calls", "--json", "--data", data.toString());
                assertEquals(0, calls.code, calls.err);
                assertTrue(calls.out.startsWith("[") && calls.out.contains("\"phase\":\"CONNECTED\""), calls.out);
                Result json = script(dir, "status", "--json", "--data", data.toString());
                assertTrue(json.out.length() > 1024 && json.out.strip().endsWith("}"),
                        "a view longer than one CoAP block arrives whole: " + json.out);

                Result watch = script(dir, "timeout", "2", SCRIPT.toString(), "watch", "--interval", "0.3", "--data", data.toString());
                long screens = watch.out.split("lifeline watch — ", -1).length - 1;
                assertTrue(screens >= 2, "watch redraws: " + watch.out + watch.err);
                assertTrue(watch.out.lines().anyMatch(l -> l.startsWith("fxs2") && l.contains("CONNECTED")), watch.out);

                b.onHook();
                assertTrue(a.awaitTone(ToneKind.DISCONNECT, Duration.ofSeconds(5)));
                a.onHook();
            }
            Result cdr = awaitCdr(dir, data);
            assertTrue(cdr.out.contains("6000") && cdr.out.contains("6001"), cdr.out);
            Result regs = script(dir, "registrations", "--data", data.toString());
            assertEquals(0, regs.code, regs.err);
            assertTrue(regs.out.contains("no registrations"), regs.out);
            Result unblock = script(dir, "unblock", "192.0.2.7", "--data", data.toString());
            assertEquals(0, unblock.code, unblock.err);
            assertTrue(unblock.out.contains("192.0.2.7"), unblock.out);

            Result refused = script(dir, "cdr", "--limit", "0", "--data", data.toString());
            assertNotEquals(0, refused.code);
            assertEquals(List.of("lifeline: the gateway at " + Files.readString(data.resolve("run/mgmt.uri")).trim()
                    + " answered: 4.00 limit must be 1..1000"), refused.err.lines().toList());
        } finally {
            gw.destroyForcibly();
            gw.waitFor(10, TimeUnit.SECONDS);
        }
        Result stopped = script(dir, "status", "--data", data.toString());
        assertNotEquals(0, stopped.code);
        assertEquals(1, stopped.err.lines().count(), stopped.err);
        assertTrue(stopped.err.contains("no answer from the gateway") && stopped.err.contains("is it running?"), stopped.err);
    }

    @Test
    void nothingToAskIsOneClearLine(@TempDir Path dir) throws Exception {
        Result noDir = script(dir, "status", "--data", dir.resolve("nope").toString());
        assertNotEquals(0, noDir.code);
        assertEquals(List.of("lifeline: no data directory '" + dir.resolve("nope") + "' (give the one the gateway runs with: --data DIR)"),
                noDir.err.lines().toList());
        Result neverRan = script(dir, "calls", "--data", dir.toString());
        assertNotEquals(0, neverRan.code);
        assertEquals(1, neverRan.err.lines().count(), neverRan.err);
        assertTrue(neverRan.err.contains("no gateway has run with data directory"), neverRan.err);
        Result badOption = script(dir, "status", "--jsno");
        assertNotEquals(0, badOption.code);
        assertEquals(List.of("lifeline: unknown option --jsno for status"), badOption.err.lines().toList());
    }

    private static Result awaitCdr(Path dir, Path data) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Result r;
        do {
            r = script(dir, "cdr", "--data", data.toString());
            if (r.code == 0 && !r.out.contains("no CDRs yet")) return r;
            Thread.sleep(100);
        } while (System.nanoTime() < end);
        throw new AssertionError("no CDR listed: " + r.out + r.err);
    }

    private record Result(int code, String out, String err) {}

    /** Runs the script (or, when the first argument is not a lifeline command, that command) in dir. */
    private static Result script(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        if (!args[0].equals("timeout")) cmd.add(SCRIPT.toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
