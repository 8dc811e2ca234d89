package dev.lifeline.it;

import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.Parameter;
import dev.lifeline.survival.Mode;
import static dev.lifeline.it.CallWaitingE2ETest.awaitHears;
import static dev.lifeline.it.CallWaitingE2ETest.callAndAnswer;
import static dev.lifeline.it.CallWaitingE2ETest.neverHears;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.audio.WavWriter;
import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hold by hook flash on an analog line (issue #13): a plain flash in a call holds it and gives
 * dial tone, the held party hears the comfort tone (or the site's music-on-hold WAV), flash
 * again takes the call back, hanging up at that dial tone rings the line back.
 */
@Tag("e2e")
@ParameterizedClass
@EnumSource(value = Mode.class, names = {"NORMAL", "SURVIVAL"})
class HoldE2ETest {
    /** Each test runs with the gateway in NORMAL mode and forced into SURVIVAL (issue #13). */
    @Parameter
    Mode mode;

    private static final Duration S5 = Duration.ofSeconds(5);

    @Test
    void flashHoldsWithDialToneTheHeldPartyHearsTheComfortToneAndFlashTakesItBack() throws Exception {
        try (TestGateway gw = TestGateway.demo().inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2");
            a.playTone(700, -10);
            callAndAnswer(b, a, 1000);
            assertTrue(awaitHears(a, 1000, S5));

            a.flash();
            assertTrue(a.awaitTone(ToneKind.DIAL, S5), "a flash in a call: the call is held, dial tone");
            assertTrue(awaitHears(b, CallWaitingE2ETest.HOLD_HZ, S5), "fxs2 hears the comfort tone");
            assertTrue(neverHears(b, 700, Duration.ofMillis(1000)), "and not fxs1");

            a.flash();
            assertTrue(awaitHears(a, 1000, S5), "flash again: back in the call");
            assertTrue(awaitHears(b, 700, S5), "fxs2 hears fxs1 again");

            a.flash();
            assertTrue(a.awaitTone(ToneKind.DIAL, S5), "held again");
            a.onHook();
            assertTrue(a.awaitRinging(S5), "hanging up at the dial tone with a call held rings the line back");
            Thread.sleep(300);
            a.offHook();
            a.playTone(700, -10);
            assertTrue(awaitHears(a, 1000, S5), "the recall answered: back with fxs2");
            assertTrue(awaitHears(b, 700, S5));
            b.onHook();
            a.onHook();
        }
    }

    @Test
    void theHeldPartyHearsTheConfiguredMusicOnHold() throws Exception {
        Path wav = Files.createTempFile("moh", ".wav");
        short[] pcm = new short[8000];
        for (int i = 0; i < pcm.length; i++) pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 900 * i / 8000.0));
        try (WavWriter w = new WavWriter(wav)) {
            w.write(pcm, 0, pcm.length);
        }
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s.replace("  no-answer-timeout: 20s",
                "  no-answer-timeout: 20s\n  music-on-hold: \"" + wav + "\"")).inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2");
            a.playTone(700, -10);
            callAndAnswer(b, a, 1000);
            a.flash();
            assertTrue(awaitHears(b, 900, S5), "fxs2 hears the music on hold (900 Hz recording)");
            assertTrue(!b.hears(CallWaitingE2ETest.HOLD_HZ, Duration.ofMillis(2000)), "not the comfort tone");
            a.flash();
            assertTrue(awaitHears(b, 700, S5));
            b.onHook();
            a.onHook();
        }
    }

    @Test
    void holdSwitchedOffIgnoresTheFlash() throws Exception {
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s.replace(
                "\"6003\": { barred: [international, premium] }",
                "\"6003\": { barred: [international, premium] }\n    \"6000\": { hold: false }")).inMode(mode)) {
            VirtualPhone a = gw.phone("fxs1"), b = gw.phone("fxs2");
            a.playTone(700, -10);
            callAndAnswer(b, a, 1000);
            a.flash();
            Thread.sleep(500);
            assertTrue(awaitHears(a, 1000, S5), "still in the call");
            assertTrue(neverHears(b, CallWaitingE2ETest.HOLD_HZ, Duration.ofMillis(2500)), "not held");
            b.onHook();
            a.onHook();
        }
    }
}
