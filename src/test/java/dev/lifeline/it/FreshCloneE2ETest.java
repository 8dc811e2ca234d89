package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a newcomer runs it: a fresh {@code git clone} of this repository
 * (its committed HEAD; CI runs on a clean clone of main, so that is what lands), then
 * {@code ./scripts/lifeline run} with no options and no JAVA_HOME — it must build itself, start on
 * the demo site, give a phone plugged into fxs1 dial tone, and say why it stops when it is stopped.
 *
 * <p>It uses the demo's fixed ports (sim 7100, SIP 5060, CoAP 5683), as the README does; a gateway
 * already running on this machine makes it fail, with that gateway's complaint in the message.
 */
@Tag("e2e")
@Tag("serial")
class FreshCloneE2ETest {
    private static final Duration BUILD_AND_START = Duration.ofMinutes(6);

    @Test
    void freshCloneRunsTheDemoAndAPhoneHearsDialTone(@TempDir Path dir) throws Exception {
        Path home = TestGateway.HOME.toAbsolutePath();
        if (!Files.exists(home.resolve(".git"))) fail(home + " is not a git checkout: the fresh-clone check needs one to clone");
        Path clone = dir.resolve("lifeline");
        run(dir, "git", "clone", "--quiet", "--no-hardlinks", home.toUri().toString(), clone.toString());
        assertTrue(!Files.exists(clone.resolve("target")), "a fresh clone has no build output");

        Path out = dir.resolve("run.out");
        ProcessBuilder pb = new ProcessBuilder("./scripts/lifeline", "run").directory(clone.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        Map<String, String> env = pb.environment();
        env.remove("JAVA_HOME"); // the script must find a JDK itself
        env.remove("MAVEN_OPTS");
        Process gw = pb.start();
        try {
            Path ready = clone.resolve("var/run/sim.addr");
            long end = System.nanoTime() + BUILD_AND_START.toNanos();
            while (!(Files.exists(ready) && text(out).contains("Lifeline is running"))) {
                if (!gw.isAlive()) fail("./scripts/lifeline run exited with " + gw.exitValue() + ":\n" + text(out));
                if (System.nanoTime() > end) fail("not ready within " + BUILD_AND_START + ":\n" + text(out));
                Thread.sleep(200);
            }
            int simPort = Integer.parseInt(Files.readString(ready).trim().split(":")[1]);
            try (VirtualPhone phone = VirtualPhone.connect("127.0.0.1", simPort, "fxs1", "us")) {
                phone.offHook();
                assertTrue(phone.awaitTone(ToneKind.DIAL, Duration.ofSeconds(5)), "fxs1 hears dial tone:\n" + text(out));
                phone.onHook();
            }
            gw.destroy(); // SIGTERM, as Ctrl-C or systemd would
            assertTrue(gw.waitFor(30, TimeUnit.SECONDS), "the gateway stops on SIGTERM");
            String printed = text(out);
            assertTrue(printed.contains("lifeline: stopping (SIGTERM"), "says why it stops:\n" + printed);
            assertTrue(printed.contains("lifeline: stopped cleanly"), printed);
        } finally {
            gw.destroyForcibly();
            gw.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A failing command inside any user script is named with its status, not a silent exit. */
    @Test
    void aScriptThatFailsSaysWhy(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("fails");
        Files.writeString(script, """
                #!/usr/bin/env bash
                set -euo pipefail
                source "%s/scripts/lib/common.sh"
                jar=$(built_jar)       # no build in this tree: empty, not a failure
                echo "jar=[$jar]"
                x=$(false | head -1)   # a failure inside a substitution is reported once, by the script
                echo unreachable
                """.formatted(TestGateway.HOME.toAbsolutePath()));
        Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), printed);
        assertTrue(printed.contains("jar=["), printed);
        assertTrue(printed.contains("fails: stopped: 'x=$(false | head -1)' failed with status 1"), printed);
        assertEquals(1, printed.split("stopped:", -1).length - 1, "reported once: " + printed);
        assertTrue(!printed.contains("unreachable"), printed);
    }

    private static String text(Path f) throws Exception {
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    private static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) fail(String.join(" ", cmd) + " failed:\n" + printed);
    }
}
