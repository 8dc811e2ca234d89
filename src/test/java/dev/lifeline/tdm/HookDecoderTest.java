package dev.lifeline.tdm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Hook edges with explicit times: no sleeping, no sockets. */
class HookDecoderTest {
    private final HookDecoder hook = new HookDecoder(FxsTimers.defaults());

    @Test
    void pulsesMakeDigitsFlashAndHangUpAreToldApartByBreakLength() {
        assertEquals(HookDecoder.Signal.OFF_HOOK, hook.offHook(0));
        long t = 1000;
        for (int i = 0; i < 3; i++) { // digit 3: three 60 ms breaks, 40 ms makes
            hook.onHook(t);
            assertEquals(HookDecoder.Signal.NONE, hook.offHook(t + 60));
            t += 100;
        }
        assertEquals(0, hook.pulseDigit(t + 50), "digit not complete while pulses may follow");
        assertEquals('3', hook.pulseDigit(t + 300));
        hook.onHook(5000);
        assertEquals(HookDecoder.Signal.FLASH, hook.offHook(5300));
        hook.onHook(6000);
        assertEquals(HookDecoder.Signal.NONE, hook.tick(6600), "600 ms is not yet a hang-up");
        assertEquals(HookDecoder.Signal.HANG_UP, hook.tick(6700));
        assertEquals(HookDecoder.Signal.OFF_HOOK, hook.offHook(9000), "a new seizure after hang-up");
    }

    @Test
    void tenPulsesAreZeroAndUnpluggingIsAHangUp() {
        hook.offHook(0);
        long t = 1000;
        for (int i = 0; i < 10; i++) {
            hook.onHook(t);
            hook.offHook(t + 60);
            t += 100;
        }
        assertEquals('0', hook.pulseDigit(t + 300));
        assertEquals(HookDecoder.Signal.HANG_UP, hook.lost(t + 400));
        assertEquals(HookDecoder.Signal.NONE, hook.lost(t + 500));
    }
}
