package dev.lifeline.rig.phone;

import dev.lifeline.dsp.ToneSpec;
import dev.lifeline.rig.audio.Wav;
import dev.lifeline.rig.audio.SpecPlayer;
import dev.lifeline.testutil.Goertzel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/** The virtual phone against a fake line card speaking the gateway side of the sim line protocol. */
class VirtualPhoneTest {
    static final Duration S1 = Duration.ofSeconds(1);
    static final Duration S2 = Duration.ofSeconds(2);
    static final ZoneTones US = ReferenceTones.us();

    FakeLineCard card;
    VirtualPhone phone;

    @BeforeEach
    void start() throws IOException {
        card = new FakeLineCard("fxs1", "fxs2");
    }

    @AfterEach
    void stop() throws IOException {
        if (phone != null) phone.close();
        card.close();
    }

    VirtualPhone connect(String port, ZoneTones tones) throws IOException {
        phone = VirtualPhone.connect("127.0.0.1", card.port(), port, tones);
        return phone;
    }

    @Test
    void helloCarriesThePortId() throws Exception {
        connect("fxs2", US);
        assertNotNull(card.awaitEvent("HELLO fxs2", 0, S2));
        assertTrue(phone.isConnected());
    }

    @Test
    void refusalSurfacesAsIOExceptionWithTheGatewaysText() throws Exception {
        IOException unknown = assertThrows(IOException.class, () -> VirtualPhone.connect("127.0.0.1", card.port(), "fxs9", US));
        assertTrue(unknown.getMessage().contains("ERROR unknown port"), unknown.getMessage());
        connect("fxs1", US);
        assertNotNull(card.awaitEvent("HELLO fxs1", 0, S2));
        IOException busy = assertThrows(IOException.class, () -> VirtualPhone.connect("127.0.0.1", card.port(), "fxs1", US));
        assertTrue(busy.getMessage().contains("ERROR port busy"), busy.getMessage());
    }

    @Test
    void hookEventsReachTheLine() throws Exception {
        connect("fxs1", US);
        assertFalse(phone.isOffHook());
        phone.offHook();
        assertNotNull(card.awaitEvent("OFFHOOK", 0, S2));
        assertTrue(phone.isOffHook());
        phone.onHook();
        assertNotNull(card.awaitEvent("ONHOOK", 0, S2));
        assertFalse(phone.isOffHook());
    }

    @Test
    void flashIsOnHookThenOffHookAbout300msLater() throws Exception {
        connect("fxs1", US);
        phone.offHook();
        int from = card.awaitEvent("OFFHOOK", 0, S2) != null ? card.events().size() : -1;
        phone.flash();
        var on = card.awaitEvent("ONHOOK", from, S2);
        var off = card.awaitEvent("OFFHOOK", from, S2);
        assertNotNull(on);
        assertNotNull(off);
        long ms = (off.nanos() - on.nanos()) / 1_000_000;
        assertTrue(ms >= 270 && ms <= 360, "flash lasted " + ms + " ms");
        assertTrue(phone.isOffHook());
    }

    @Test
    void pulseDialling305GivesThreeTenAndFiveBreaksAt60By40ms() throws Exception {
        connect("fxs1", US);
        phone.offHook();
        assertNotNull(card.awaitEvent("OFFHOOK", 0, S2));
        int start = card.events().size();
        phone.dialPulse("305");
        card.awaitQuiet(Duration.ofMillis(150));
        List<FakeLineCard.Received> ev = card.events().subList(start, card.events().size());
        List<Integer> digits = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        int breaks = 0;
        for (int i = 0; i < ev.size(); i += 2) {
            assertEquals("ONHOOK", ev.get(i).text());
            assertEquals("OFFHOOK", ev.get(i + 1).text());
            long brk = (ev.get(i + 1).nanos() - ev.get(i).nanos()) / 1_000_000;
            if (Math.abs(brk - 60) > 25) bad.add("break " + brk);
            if (i > 0) {
                long make = (ev.get(i).nanos() - ev.get(i - 1).nanos()) / 1_000_000;
                if (make > 300) { digits.add(breaks); breaks = 0; }
                else if (Math.abs(make - 40) > 25) bad.add("make " + make);
            }
            breaks++;
        }
        digits.add(breaks);
        assertEquals(List.of(3, 10, 5), digits);
        assertEquals(List.of(), bad);
        assertTrue(phone.isOffHook());
    }

    @Test
    void usDialToneIsDial() throws Exception {
        connect("fxs1", US);
        phone.offHook();
        card.play(US.spec(ToneKind.DIAL));
        assertTrue(phone.awaitTone(ToneKind.DIAL, S2));
        assertEquals(ToneKind.DIAL, phone.heardTone(Duration.ofMillis(800)));
        assertTrue(phone.hears(350, S1));
    }

    @Test
    void usBusyIsBusyAndNotDialNorCongestion() throws Exception {
        connect("fxs1", US);
        card.play(US.spec(ToneKind.BUSY));
        assertTrue(phone.awaitTone(ToneKind.BUSY, Duration.ofSeconds(3)));
        assertEquals(ToneKind.BUSY, phone.heardTone(Duration.ofMillis(2500)));
        assertFalse(phone.awaitTone(ToneKind.DIAL, Duration.ofMillis(1200)));
        assertFalse(phone.awaitTone(ToneKind.CONGESTION, Duration.ofMillis(1200)));
    }

    @Test
    void congestionIsToldFromBusyByCadence() throws Exception {
        connect("fxs1", US);
        card.play(US.spec(ToneKind.CONGESTION));
        assertTrue(phone.awaitTone(ToneKind.CONGESTION, S2));
        assertFalse(phone.awaitTone(ToneKind.BUSY, Duration.ofMillis(1500)));
        assertEquals(ToneKind.CONGESTION, phone.heardTone(Duration.ofMillis(1500)));
    }

    @Test
    void shortTestCadenceRingbackAndSilence() throws Exception {
        ToneSpec quickRingback = ToneSpec.cadence("ringback", -19, new int[] {440, 480}, 300, 600);
        connect("fxs1", US.with(ToneKind.RINGBACK, quickRingback));
        card.play(quickRingback);
        assertTrue(phone.awaitTone(ToneKind.RINGBACK, S2));
        card.silence();
        assertTrue(phone.awaitTone(ToneKind.SILENCE, S2));
        assertFalse(phone.awaitTone(ToneKind.RINGBACK, Duration.ofMillis(300)), "ringback stopped before the call");
    }

    @Test
    void realUsCadencesRing2on4offAndRingback() throws Exception {
        connect("fxs1", US);
        card.play(US.spec(ToneKind.RINGBACK));
        CompletableFuture<Boolean> ringback = CompletableFuture.supplyAsync(() -> {
            try {
                return phone.awaitTone(ToneKind.RINGBACK, Duration.ofSeconds(7));
            } catch (InterruptedException e) {
                return false;
            }
        });
        card.ring(US.ringCadenceMs(), 1);
        assertTrue(phone.awaitRinging(S1));
        Thread.sleep(50);
        int[] cadence = phone.measuredRingCadenceMs();
        assertTrue(cadence.length >= 2, "cadence " + java.util.Arrays.toString(cadence));
        assertEquals(2000, cadence[0], 40);
        assertEquals(4000, cadence[1], 40);
        assertTrue(phone.isRinging());
        assertEquals(3, phone.ringEvents().size());
        assertTrue(phone.lineEvents().containsAll(List.of("RING ON", "RING OFF")));
        assertTrue(ringback.get(), "US ringback 2 s on / 4 s off recognised within 7 s");
    }

    @Test
    void recordingWritesAValidWav(@TempDir Path dir) throws Exception {
        connect("fxs1", US);
        Path wav = dir.resolve("heard.wav");
        card.play(ToneSpec.steady("1k", -10, 1000));
        phone.startRecording(wav);
        Thread.sleep(500);
        phone.stopRecording();
        short[] pcm = Wav.read(wav);
        assertTrue(pcm.length >= 3000 && pcm.length <= 6000, "recorded " + pcm.length + " samples");
        assertTrue(Goertzel.dominant(pcm, pcm.length - 1600, 1600, 1000, 0.8));
        assertTrue(phone.heardLevel(1000, Duration.ofMillis(200)) > 0.03);
        assertTrue(phone.heardLevel(1000, Duration.ofMillis(200)) > 100 * phone.heardLevel(2000, Duration.ofMillis(200)));
    }

    @Test
    void playToneReachesTheLineAsDominant1kHz() throws Exception {
        connect("fxs1", US);
        phone.playTone(1000, -10);
        Thread.sleep(400);
        phone.stopPlaying();
        short[] got = card.receivedAudio();
        assertTrue(got.length >= 2400, "received " + got.length + " samples");
        assertTrue(Goertzel.dominant(got, 800, 1600, 1000, 0.8), "1 kHz dominant in what the card received");
    }

    @Test
    void playWavSaysTheFileOnce(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("say.wav");
        Wav.write(wav, SpecPlayer.sine(440, -12).next(4000));
        connect("fxs1", US);
        phone.playWav(wav);
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (phone.isPlaying() && System.nanoTime() < deadline) Thread.sleep(20);
        assertFalse(phone.isPlaying());
        short[] got = card.receivedAudio();
        assertTrue(got.length >= 4000, "received " + got.length);
        assertTrue(Goertzel.dominant(got, 0, 4000, 440, 0.8));
    }

    @Test
    void onHookPhoneSendsNothingAndCloseStopsEverything() throws Exception {
        connect("fxs1", US);
        assertNotNull(card.awaitEvent("HELLO fxs1", 0, S2));
        Thread.sleep(100);
        assertEquals(0, card.receivedSamples(), "on hook and quiet: no audio frames");
        phone.offHook();
        Thread.sleep(200);
        assertTrue(card.receivedSamples() > 0, "off hook: silence frames");
        phone.close();
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (card.isConnected("fxs1") && System.nanoTime() < deadline) Thread.sleep(10);
        assertFalse(card.isConnected("fxs1"));
        assertFalse(phone.isConnected());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("phone-fxs1")));
    }
}
