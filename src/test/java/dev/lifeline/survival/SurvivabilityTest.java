package dev.lifeline.survival;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.config.SurvivalConfig;
import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.hal.gpio.Leds;
import dev.lifeline.hal.gpio.Pi4jLeds;
import dev.lifeline.sip.FreePorts;
import dev.lifeline.sip.SipHost;
import dev.lifeline.sip.session.SessionManager;
import dev.lifeline.util.Clock;
import dev.lifeline.util.Engine;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The wired core on real time and real sockets: a gateway SipHost probing a second SipHost (HQ)
 * that can be told to go silent, the engine ticking, Pi4J mock LEDs. Short timers keep it fast.
 */
class SurvivabilityTest {
    private static final SurvivalConfig FAST = new SurvivalConfig(200, 3, 100, 800);

    static void await(String what, long maxMs, java.util.function.BooleanSupplier cond) throws InterruptedException {
        long end = System.currentTimeMillis() + maxMs;
        while (!cond.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < end, "timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void lossRecoveryForceAndRelease() throws Exception {
        AtomicBoolean silent = new AtomicBoolean();
        int hqPort = FreePorts.udpAndTcp();
        try (Engine engine = new Engine(Clock.SYSTEM);
             SipHost gateway = new SipHost("127.0.0.1", FreePorts.udpAndTcp(), 2);
             SipHost hq = new SipHost("127.0.0.1", hqPort, 2);
             Pi4jLeds leds = Pi4jLeds.mock(Map.of(Leds.WAN, 17, Leds.SURVIVAL, 27))) {
            hq.handle("OPTIONS", (h, e) -> {
                if (!silent.get()) h.respond(e, h.messages().createResponse(200, e.getRequest()));
            });
            hq.start();
            new SessionManager(gateway);
            gateway.start();
            UpstreamConfig up = new UpstreamConfig(List.of(new UpstreamConfig.Server("127.0.0.1", hqPort,
                    UpstreamConfig.Transport.UDP, 1)));
            List<String> seen = new CopyOnWriteArrayList<>();
            try (Survivability s = Survivability.start(gateway, up, FAST, engine, Clock.SYSTEM, leds)) {
                s.addListener((from, to, cause) -> seen.add(from + "->" + to));
                await("HQ answering", 2_000, () -> s.servers().get(0).answering());
                // HQ keeps answering for longer than a loss takes to detect: the mode must not move
                long answeredFrom = s.servers().get(0).lastAnswerMillis();
                await("probes answered over a whole detection budget", 3_000,
                        () -> s.servers().get(0).lastAnswerMillis() >= answeredFrom + FAST.detectionBudgetMs());
                assertEquals(Mode.NORMAL, s.mode());
                assertTrue(leds.isHigh(Leds.WAN));
                assertFalse(leds.isHigh(Leds.SURVIVAL));

                long t0 = System.currentTimeMillis();
                silent.set(true);
                await("SURVIVAL", 3_000, () -> s.mode() == Mode.SURVIVAL);
                long took = System.currentTimeMillis() - t0;
                assertTrue(took <= FAST.detectionBudgetMs() + 300, "detected in " + took + " ms");
                assertFalse(s.wanUp());
                // the LEDs are set by listeners, just after mode() changes
                await("led-survival on, led-wan off", 1_000, () -> leds.isHigh(Leds.SURVIVAL) && !leds.isHigh(Leds.WAN));

                silent.set(false);
                await("RECOVERING", 2_000, () -> s.mode() == Mode.RECOVERING);
                long r0 = System.currentTimeMillis();
                await("NORMAL", 3_000, () -> s.mode() == Mode.NORMAL);
                assertTrue(System.currentTimeMillis() - r0 >= FAST.holdDownMs() - 50, "hold-down respected");
                await("listeners told", 1_000, () -> seen.size() == 3); // mode() is visible before listeners ran
                assertEquals(List.of("NORMAL->SURVIVAL", "SURVIVAL->RECOVERING", "RECOVERING->NORMAL"), seen);

                s.force(Mode.SURVIVAL, "test");
                assertEquals(Mode.SURVIVAL, s.mode());
                assertEquals(Mode.SURVIVAL, s.forced().orElseThrow());
                long forcedFrom = s.servers().get(0).lastAnswerMillis(); // the monitor's clock, not the wall's
                await("HQ answering probes for 1 s while forced", 3_000,
                        () -> s.servers().get(0).lastAnswerMillis() >= forcedFrom + 1_000);
                assertEquals(Mode.SURVIVAL, s.mode(), "the monitor does not undo a forced mode");
                assertTrue(s.wanUp());
                s.release();
                assertEquals(Mode.RECOVERING, s.mode());
                await("NORMAL after release", 3_000, () -> s.mode() == Mode.NORMAL);

                s.reportUpstreamTimeout("127.0.0.1", hqPort); // one early signal alone changes nothing
                s.servers(); // runs on the engine after the report: the report has been handled
                assertEquals(Mode.NORMAL, s.mode());
                assertTrue(s.history().size() >= 6, s.history().toString());
            }
        }
    }
}
