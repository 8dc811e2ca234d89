package dev.lifeline.rig.phone;

import dev.lifeline.rig.audio.Wav;
import dev.lifeline.testutil.Goertzel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/** The command-line phone against the fake line card: answers a ringing line, speaks, records, hangs up. */
class PhoneMainTest {

    @Test
    void parsesTheCommandLine() {
        var o = PhoneMain.Options.parse(new String[] {"fxs2", "--port", "7200", "--zone", "de", "--dial", "6001",
                "--pulse", "--tone", "1000", "--hangup-after", "1500ms"});
        assertEquals("fxs2", o.portId());
        assertEquals(7200, o.port());
        assertEquals("de", o.zone());
        assertEquals("6001", o.dial());
        assertTrue(o.pulse());
        assertEquals(1000.0, o.tone());
        assertEquals(Duration.ofMillis(1500), o.hangupAfter());
        assertEquals(Duration.ofSeconds(10), PhoneMain.duration("10s"));
        assertThrows(IllegalArgumentException.class, () -> PhoneMain.Options.parse(new String[] {"--answer"}));
        assertThrows(IllegalArgumentException.class,
                () -> PhoneMain.Options.parse(new String[] {"fxs1", "--play", "a.wav", "--tone", "1000"}));
    }

    @Test
    void answersSpeaksRecordsAndHangsUp(@TempDir Path dir) throws Exception {
        try (FakeLineCard card = new FakeLineCard("fxs2")) {
            Path wav = dir.resolve("call.wav");
            var o = PhoneMain.Options.parse(new String[] {"fxs2", "--port", String.valueOf(card.port()), "--answer",
                    "--tone", "1000", "--record", wav.toString(), "--hangup-after", "1.5s"});
            CompletableFuture<Integer> rc = CompletableFuture.supplyAsync(() -> {
                try {
                    return PhoneMain.run(o);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertNotNull(card.awaitEvent("HELLO fxs2", 0, Duration.ofSeconds(3)));
            card.play(dev.lifeline.dsp.ToneSpec.steady("tone", -10, 600));
            card.send("RING ON");
            assertNotNull(card.awaitEvent("OFFHOOK", 0, Duration.ofSeconds(2)), "answered");
            card.send("RING OFF");
            assertEquals(0, rc.get());
            assertNotNull(card.awaitEvent("ONHOOK", 0, Duration.ofSeconds(1)), "hung up");
            short[] said = card.receivedAudio();
            assertTrue(said.length > 1600 && Goertzel.dominant(said, said.length - 1600, 1600, 1000, 0.8));
            short[] heard = Wav.read(wav);
            assertTrue(heard.length > 8000 && Goertzel.dominant(heard, heard.length - 1600, 1600, 600, 0.8));
        }
    }
}
