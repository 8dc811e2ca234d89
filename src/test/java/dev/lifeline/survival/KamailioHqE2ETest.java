package dev.lifeline.survival;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lifeline.config.SurvivalConfig;
import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.hal.gpio.Leds;
import dev.lifeline.hal.gpio.Pi4jLeds;
import dev.lifeline.sip.FreePorts;
import dev.lifeline.sip.SipHost;
import dev.lifeline.util.Clock;
import dev.lifeline.util.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kamailio as HQ (test-rigs/hq/kamailio-hq.cfg answers OPTIONS 200). Freezing it (SIGSTOP) and
 * killing it are WAN losses the gateway must see within 5 s (DESIGN §7); thawing it must bring
 * the gateway back to NORMAL through RECOVERING after the hold-down.
 */
@Tag("e2e")
class KamailioHqE2ETest {
    private static final Path PROJECT = Path.of(System.getProperty("lifeline.project.dir", "."));
    private static final SurvivalConfig CFG = new SurvivalConfig(1_000, 3, 500, 2_000);


    private static Process startKamailio(int port, Path runDir, Path log) throws IOException {
        return new ProcessBuilder("/usr/sbin/kamailio", "-f", PROJECT.resolve("test-rigs/hq/kamailio-hq.cfg").toString(),
                "-DD", "-E", "-n", "1", "-l", "udp:127.0.0.1:" + port, "-m", "32", "-M", "4", "-Y", runDir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Sends {@code signal} to kamailio and all its children (its UDP receiver is a child process). */
    private static void signal(Process p, String signal) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + signal, String.valueOf(p.pid())));
        p.descendants().forEach(h -> cmd.add(String.valueOf(h.pid())));
        assertEquals(0, new ProcessBuilder(cmd).inheritIO().start().waitFor());
    }

    @Test
    void kamailioStoppedAndKilledIsWanLoss(@TempDir Path tmp) throws Exception {
        dev.lifeline.it.Peers.requireKamailio();
        int port = FreePorts.udpAndTcp();
        Process kam = startKamailio(port, tmp, tmp.resolve("kamailio.log"));
        try (Engine engine = new Engine(Clock.SYSTEM);
             SipHost gateway = new SipHost("127.0.0.1", FreePorts.udpAndTcp(), 2);
             Pi4jLeds leds = Pi4jLeds.mock(Map.of(Leds.WAN, 17, Leds.SURVIVAL, 27))) {
            gateway.start();
            UpstreamConfig up = new UpstreamConfig(List.of(new UpstreamConfig.Server("127.0.0.1", port,
                    UpstreamConfig.Transport.UDP, 1)));
            try (Survivability s = Survivability.start(gateway, up, CFG, engine, Clock.SYSTEM, leds)) {
                SurvivabilityTest.await("kamailio answering OPTIONS", 5_000, () -> s.servers().get(0).answering());
                Thread.sleep(2_000);
                assertEquals(Mode.NORMAL, s.mode());

                // freeze HQ: packets arrive, nothing answers
                long t0 = System.currentTimeMillis();
                signal(kam, "STOP");
                SurvivabilityTest.await("SURVIVAL after SIGSTOP", 5_000, () -> s.mode() == Mode.SURVIVAL);
                long took = System.currentTimeMillis() - t0;
                assertTrue(took < 5_000, "loss detected in " + took + " ms");
                SurvivabilityTest.await("led-survival on", 1_000, () -> leds.isHigh(Leds.SURVIVAL));

                signal(kam, "CONT");
                SurvivabilityTest.await("RECOVERING after SIGCONT", 3_000, () -> s.mode() == Mode.RECOVERING);
                long r0 = System.currentTimeMillis();
                SurvivabilityTest.await("NORMAL after the hold-down", 5_000, () -> s.mode() == Mode.NORMAL);
                long held = System.currentTimeMillis() - r0;
                assertTrue(held >= CFG.holdDownMs() - 100, "hold-down respected: " + held);
                SurvivabilityTest.await("led-wan on, led-survival off", 1_000,
                        () -> leds.isHigh(Leds.WAN) && !leds.isHigh(Leds.SURVIVAL));

                // kill HQ outright
                long k0 = System.currentTimeMillis();
                kam.destroy();
                SurvivabilityTest.await("SURVIVAL after kill", 5_000, () -> s.mode() == Mode.SURVIVAL);
                assertTrue(System.currentTimeMillis() - k0 < 5_000);
                List<String> causes = s.history().stream().map(t -> t.from() + "->" + t.to()).toList();
                assertEquals(List.of("NORMAL->SURVIVAL", "SURVIVAL->RECOVERING", "RECOVERING->NORMAL", "NORMAL->SURVIVAL"),
                        causes);
            }
        } finally {
            if (kam.isAlive()) {
                try {
                    signal(kam, "CONT");
                } catch (Throwable ignored) {
                    // going anyway
                }
            }
            kam.descendants().forEach(ProcessHandle::destroyForcibly);
            kam.destroyForcibly();
            kam.waitFor();
        }
    }
}
