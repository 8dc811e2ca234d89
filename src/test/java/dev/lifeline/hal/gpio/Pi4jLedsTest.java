package dev.lifeline.hal.gpio;

import static org.junit.jupiter.api.Assertions.*;

import com.pi4j.io.gpio.digital.DigitalOutput;
import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.ConfigLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The sim board's gpio map as Pi4J mock pins. */
class Pi4jLedsTest {
    static BoardProfile simBoard() throws Exception {
        return ConfigLoader.loadBoard(Path.of(System.getProperty("lifeline.project.dir", "."))
                .resolve("board-profiles/sim-4fxs-2fxo.yaml"));
    }

    @Test
    void pinsFollowOnOffAndBlink() throws Exception {
        try (Pi4jLeds leds = Pi4jLeds.forBoard(simBoard())) {
            DigitalOutput wanPin = leds.context().registry().get(Leds.WAN, DigitalOutput.class);
            assertEquals(17, wanPin.address().intValue());
            assertFalse(leds.isHigh(Leds.WAN));
            leds.led(Leds.WAN).on();
            assertTrue(wanPin.isHigh());
            assertEquals(Led.State.ON, leds.led(Leds.WAN).state());
            leds.led(Leds.WAN).off();
            assertFalse(wanPin.isHigh());

            Led survival = leds.led(Leds.SURVIVAL);
            survival.blink(100);
            assertEquals(Led.State.BLINKING, survival.state());
            boolean sawHigh = false, sawLow = false;
            long end = System.currentTimeMillis() + 2_000;
            while (System.currentTimeMillis() < end && !(sawHigh && sawLow)) {
                if (leds.isHigh(Leds.SURVIVAL)) sawHigh = true; else sawLow = true;
                Thread.sleep(5);
            }
            assertTrue(sawHigh && sawLow, "blinking toggles the pin");
            survival.on();
            Thread.sleep(150);
            assertTrue(leds.isHigh(Leds.SURVIVAL), "steady after the blink stops");

            assertEquals(Led.State.OFF, leds.led(Leds.POWER_FAIL_RELAY).state());
            Led missing = leds.led("led-alarm");
            missing.on();
            assertEquals(Led.State.ON, missing.state());
            assertFalse(leds.isHigh("led-alarm"));
        }
    }
}
