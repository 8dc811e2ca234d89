package dev.lifeline.rig.phone;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.dsp.CallerIdFormat;
import dev.lifeline.dsp.CallerIdGenerator;
import dev.lifeline.dsp.CallerIdStandard;
import dev.lifeline.dsp.Dsp;
import dev.lifeline.dsp.DtmfDetector;
import dev.lifeline.dsp.DtmfGenerator;
import dev.lifeline.dsp.ToneSpec;
import dev.lifeline.rig.audio.ToneClassifier;
import dev.lifeline.rig.audio.ToneClassifierTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The phone's DTMF and caller-ID paths and the firmware's own tone tables; need the DSP layer. */
class VirtualPhoneDspTest {
    FakeLineCard card;
    VirtualPhone phone;

    static boolean dspAvailable() {
        try {
            return Dsp.isAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @BeforeEach
    void start() throws IOException {
        assumeTrue(dspAvailable(), "DSP layer not available");
        card = new FakeLineCard("fxs1");
    }

    @AfterEach
    void stop() throws IOException {
        if (phone != null) phone.close();
        if (card != null) card.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"us", "eu"})
    void callerIdSpillAfterFirstRingIsDecoded(String zone) throws Exception {
        phone = VirtualPhone.connect("127.0.0.1", card.port(), "fxs1", zone);
        assertNull(phone.callerIdUnavailableCause());
        assertNotNull(card.awaitEvent("HELLO fxs1", 0, Duration.ofSeconds(2)));
        CallerIdStandard std = phone.tones().callerIdStandard();
        short[] spill = CallerIdGenerator.generate(std, CallerIdFormat.MDMF, new CallerId("5551234", "ALICE", null));
        card.send("RING ON");
        Thread.sleep(200);
        card.send("RING OFF");
        Thread.sleep(100);
        card.playOnce(spill);
        CallerId id = phone.awaitCallerId(Duration.ofSeconds(3).plusMillis(spill.length / 8));
        assertNotNull(id, "caller ID decoded");
        assertEquals("5551234", id.number());
    }

    @Test
    void ukCallerIdBeforeTheFirstRingAfterPolarityReversalIsDecoded() throws Exception {
        phone = VirtualPhone.connect("127.0.0.1", card.port(), "fxs1", "uk");
        assertNotNull(card.awaitEvent("HELLO fxs1", 0, Duration.ofSeconds(2)));
        short[] spill = CallerIdGenerator.generate(phone.tones().callerIdStandard(), CallerIdFormat.MDMF,
                new CallerId("01632960123", null, null));
        card.send("POLARITY REVERSE");
        Thread.sleep(100);
        card.playOnce(spill);
        CallerId id = phone.awaitCallerId(Duration.ofSeconds(3).plusMillis(spill.length / 8));
        assertNotNull(id, "caller ID decoded");
        assertEquals("01632960123", id.number());
        assertTrue(phone.polarityReversed());
        assertTrue(phone.ringEvents().isEmpty(), "before any ring");
    }

    @Test
    void dialDtmfIsHeardByTheLine() throws Exception {
        phone = VirtualPhone.connect("127.0.0.1", card.port(), "fxs1", "us");
        phone.offHook();
        phone.dialDtmf("6001#");
        Thread.sleep(100);
        short[] got = card.receivedAudio();
        try (DtmfDetector det = new DtmfDetector()) {
            StringBuilder digits = new StringBuilder();
            for (int off = 0; off + 160 <= got.length; off += 160) digits.append(det.process(got, off, 160));
            assertEquals("6001#", digits.toString());
        }
    }

    @Test
    void dtmfFromTheLineIsHeard() throws Exception {
        phone = VirtualPhone.connect("127.0.0.1", card.port(), "fxs1", "us");
        phone.offHook();
        assertNotNull(card.awaitEvent("OFFHOOK", 0, Duration.ofSeconds(2)));
        short[] pcm = new short[8000];
        try (DtmfGenerator gen = new DtmfGenerator()) {
            gen.queue("42*");
            gen.generate(pcm, 0, pcm.length);
        }
        card.playOnce(pcm);
        assertEquals(List.of("4", "2", "*"), phone.awaitDtmf(3, Duration.ofSeconds(3)));
        assertEquals("42*", phone.heardDtmf());
    }

    /** The firmware's own tone zones (dev.lifeline.dsp.ToneZone) are recognised by the phone, each as itself and as nothing else. */
    @ParameterizedTest
    @ValueSource(strings = {"us", "uk", "de", "fr", "eu"})
    void firmwareToneZonesAreRecognised(String zone) {
        ZoneTones z = ZoneTones.forZone(zone);
        assertEquals("dev.lifeline.dsp.ToneZone", z.source());
        List<String> errors = new ArrayList<>();
        for (ToneKind kind : ToneKind.values()) {
            ToneSpec spec = z.spec(kind);
            if (spec == null) continue;
            short[] pcm = ToneClassifierTest.audio(spec, 700, 2 * ToneClassifierTest.lengthMs(spec) + 1200);
            for (ToneKind tested : ToneKind.values()) {
                ToneClassifier c = z.classifier(tested);
                if (c == null) continue;
                boolean same = sameCadence(z.spec(tested), spec)
                        || ((kind == ToneKind.STUTTER_DIAL || kind == ToneKind.MWI_DIAL) && tested == ToneKind.DIAL);
                if (c.matches(pcm, pcm.length, 0) != same) errors.add(zone + ": played " + kind + ", " + tested + " classifier said " + !same);
            }
        }
        assertEquals(List.of(), errors);
    }

    private static boolean sameCadence(ToneSpec a, ToneSpec b) {
        if (a.loopFrom() != b.loopFrom() || a.segments().size() != b.segments().size()) return false;
        for (int i = 0; i < a.segments().size(); i++) {
            ToneSpec.Segment x = a.segments().get(i), y = b.segments().get(i);
            int[] fx = x.freqs().clone(), fy = y.freqs().clone();
            java.util.Arrays.sort(fx);
            java.util.Arrays.sort(fy);
            if (!java.util.Arrays.equals(fx, fy) || x.durationMs() != y.durationMs()) return false;
        }
        return true;
    }
}
