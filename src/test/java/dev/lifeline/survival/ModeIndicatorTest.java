package dev.lifeline.survival;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.config.SurvivalConfig;
import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.hal.gpio.Led;
import dev.lifeline.hal.gpio.Leds;
import dev.lifeline.hal.gpio.Pi4jLeds;
import dev.lifeline.util.ManualClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Pi4J mock pins of led-wan and led-survival follow the mode. */
class ModeIndicatorTest {
    private final ManualClock clock = new ManualClock();
    private final FakeHq hq = new FakeHq(clock);

    @Test
    void ledsFollowTheMode() throws Exception {
        try (Pi4jLeds leds = Pi4jLeds.mock(Map.of(Leds.WAN, 17, Leds.SURVIVAL, 27, Leds.POWER_FAIL_RELAY, 22))) {
            ModeMachine machine = new ModeMachine(clock);
            WanMonitor monitor = new WanMonitor(new UpstreamConfig(List.of(FakeHq.server("hq1"))),
                    new SurvivalConfig(1_000, 3, 500, 5_000), clock, hq, machine);
            ModeIndicator indicator = new ModeIndicator(leds);
            indicator.show(machine.mode(), monitor.wanUp());
            machine.addListener(indicator);
            monitor.addWanListener(indicator);

            assertTrue(leds.isHigh(Leds.WAN));
            assertFalse(leds.isHigh(Leds.SURVIVAL));

            hq.cutAll();
            run(monitor, 4_000);
            assertEquals(Mode.SURVIVAL, machine.mode());
            assertFalse(leds.isHigh(Leds.WAN));
            assertTrue(leds.isHigh(Leds.SURVIVAL));
            assertEquals(Led.State.ON, leds.led(Leds.SURVIVAL).state());

            hq.restoreAll();
            run(monitor, 1_100);
            assertEquals(Mode.RECOVERING, machine.mode());
            assertTrue(leds.isHigh(Leds.WAN));
            assertEquals(Led.State.BLINKING, leds.led(Leds.SURVIVAL).state());
            boolean sawHigh = false, sawLow = false;
            long end = System.currentTimeMillis() + 3_000;
            while (System.currentTimeMillis() < end && !(sawHigh && sawLow)) {
                if (leds.isHigh(Leds.SURVIVAL)) sawHigh = true; else sawLow = true;
                Thread.sleep(10);
            }
            assertTrue(sawHigh && sawLow, "led-survival blinks in RECOVERING");

            run(monitor, 5_100);
            assertEquals(Mode.NORMAL, machine.mode());
            assertTrue(leds.isHigh(Leds.WAN));
            assertFalse(leds.isHigh(Leds.SURVIVAL));
            assertEquals(Led.State.OFF, leds.led(Leds.SURVIVAL).state());
            assertFalse(leds.isHigh(Leds.POWER_FAIL_RELAY), "the relay is not the indicator's business");
        }
    }

    private void run(WanMonitor monitor, long ms) {
        for (long t = 0; t < ms; t += 10) {
            clock.advance(10);
            hq.deliver();
            monitor.tick();
        }
    }
}
