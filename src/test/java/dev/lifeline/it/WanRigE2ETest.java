package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lifeline.config.SurvivalConfig;
import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.hal.gpio.Leds;
import dev.lifeline.sip.FreePorts;
import dev.lifeline.sip.SipHost;
import dev.lifeline.survival.Mode;
import dev.lifeline.survival.Survivability;
import dev.lifeline.util.Clock;
import dev.lifeline.util.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAN-cut rig itself, with Kamailio as HQ and the gateway's real survivability core (OPTIONS
 * probes through a SIP stack on the rig's gateway address): a cut silences HQ for real, a restore
 * brings it back, and a flapping WAN does not flap the mode.
 */
@Tag("e2e")
class WanRigE2ETest {
    static final Path HOME = TestGateway.HOME;


    static void await(String what, long maxMs, BooleanSupplier cond) throws InterruptedException {
        long end = System.currentTimeMillis() + maxMs;
        while (!cond.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < end, "timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void netnsCutSilencesHqAndRestoreRecovers(@TempDir Path tmp) throws Exception {
        assumeTrue(WanRig.netnsAvailable(), WanRig.NEED_ROOT);
        int port = FreePorts.udpAndTcp();
        try (WanRig rig = WanRig.netns(port)) {
            cutAndRestore(rig, port, tmp);
        }
    }

    @Test
    void relayCutSilencesHqAndRestoreRecovers(@TempDir Path tmp) throws Exception {
        int port = FreePorts.udpAndTcp();
        try (WanRig rig = WanRig.relay(port)) {
            cutAndRestore(rig, port, tmp);
        }
    }

    private void cutAndRestore(WanRig rig, int port, Path tmp) throws Exception {
        Peers.requireKamailio();
        SurvivalConfig cfg = new SurvivalConfig(1_000, 3, 500, 3_000);
        rig.startKamailio(HOME.resolve("test-rigs/hq/kamailio-hq.cfg"), tmp, tmp.resolve("kamailio.log"));
        try (Engine engine = new Engine(Clock.SYSTEM); SipHost gw = new SipHost(rig.gatewayHost(), port, 2)) {
            gw.start();
            try (Survivability s = Survivability.start(gw, upstream(rig), cfg, engine, Clock.SYSTEM, Leds.none())) {
                await("HQ answering through the rig", 5_000, () -> s.servers().get(0).answering());
                assertEquals(Mode.NORMAL, s.mode());

                long t0 = System.currentTimeMillis();
                rig.cut();
                await("SURVIVAL after the cut", 5_000, () -> s.mode() == Mode.SURVIVAL);
                long took = System.currentTimeMillis() - t0;
                assertTrue(took <= cfg.detectionBudgetMs() + 500, "loss detected in " + took + " ms");

                rig.restore();
                await("RECOVERING after the restore", 3_000, () -> s.mode() == Mode.RECOVERING);
                long r0 = System.currentTimeMillis();
                await("NORMAL after the hold-down", cfg.holdDownMs() + 3_000, () -> s.mode() == Mode.NORMAL);
                assertTrue(System.currentTimeMillis() - r0 >= cfg.holdDownMs() - 100, "hold-down respected");
            }
        }
    }

    @Test
    void flappingWanDoesNotFlapTheMode(@TempDir Path tmp) throws Exception {
        Peers.requireKamailio();
        int port = FreePorts.udpAndTcp();
        SurvivalConfig cfg = new SurvivalConfig(1_000, 3, 500, 5_000); // hold-down longer than the 2 s up periods
        try (WanRig rig = WanRig.start(port)) {
            rig.startKamailio(HOME.resolve("test-rigs/hq/kamailio-hq.cfg"), tmp, tmp.resolve("kamailio.log"));
            try (Engine engine = new Engine(Clock.SYSTEM); SipHost gw = new SipHost(rig.gatewayHost(), port, 2)) {
                gw.start();
                try (Survivability s = Survivability.start(gw, upstream(rig), cfg, engine, Clock.SYSTEM, Leds.none())) {
                    await("HQ answering through the rig", 5_000, () -> s.servers().get(0).answering());
                    List<Mode> seen = new CopyOnWriteArrayList<>();
                    s.addListener((from, to, cause) -> seen.add(to));
                    rig.cut();
                    await("SURVIVAL after the first cut", 5_000, () -> s.mode() == Mode.SURVIVAL);
                    rig.restore();
                    Thread.sleep(2_000);
                    rig.flap(2_000, 2_000, 9);
                    assertFalse(seen.contains(Mode.NORMAL), "never NORMAL while flapping (" + rig.kind() + "): " + seen);
                    assertTrue(seen.contains(Mode.RECOVERING), "the probes did see HQ between cuts: " + seen);
                    await("NORMAL once the WAN stays up", cfg.holdDownMs() + 5_000, () -> s.mode() == Mode.NORMAL);
                }
            }
        }
    }

    static UpstreamConfig upstream(WanRig rig) {
        return new UpstreamConfig(List.of(new UpstreamConfig.Server(rig.hqHost(), rig.hqPort(), UpstreamConfig.Transport.UDP, 1)));
    }
}
