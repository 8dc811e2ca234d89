package dev.lifeline.it;

import static dev.lifeline.media.audio.Signals.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.rig.audio.Wav;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * baresip as a wideband SIP phone that speaks only Opus or only G.722 (so the gateway must
 * transcode to the analog line): it calls fxs2 and fxs2 calls it, and in each call a tone goes
 * each way and arrives at its frequency and level, measured on what the virtual phone hears
 * and on baresip's own recording of what it decoded.
 */
@Tag("e2e")
class BaresipWidebandE2ETest {
    private static final double FROM_BARESIP_HZ = 1500, FROM_LINE_HZ = 1000;
    private static final double BARESIP_AMP = 6000 / 32768.0;
    /** -10 dBm0 as the virtual phone plays it: 0 dBm0 is 3.14 dB below full scale. */
    private static final double LINE_AMP = Math.pow(10, (-10 - 3.14) / 20);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"opus", "G722"})
    void widebandPhoneCallsFxs2AndIsCalledByIt(String codec) throws Exception {
        String baresipName = codec.equals("opus") ? "opus/48000/2" : "G722/16000/1";
        Path wav = Files.createTempFile("tone1500", ".wav");
        Wav.write(wav, sine(8000, FROM_BARESIP_HZ, BARESIP_AMP, 8000 * 60));
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s.replace("  tcp-port: 5060", "  tcp-port: 5060\n  digest-algorithms: [MD5]"));
             Baresip phone = Baresip.startWithCodecs("7000", "lifeline7000", gw.sipPort(), wav, baresipName)) {
            BaresipE2ETest.awaitRegistration(gw, phone);
            VirtualPhone fxs2 = gw.phone("fxs2");
            List<Path> seen = new ArrayList<>();

            // 1. fxs2 calls the wideband phone (our offer; it answers in its only codec)
            TestGateway.liftAndDial(fxs2, "7000");
            double heard = talk(fxs2, phone, codec);
            fxs2.onHook();
            checkRecordings(phone, seen, codec, heard);
            Cdr first = gw.awaitCdrs(1, Duration.ofSeconds(5)).get(0);
            assertEquals(codec, first.codec(), "CDR codec of fxs2 -> 7000");

            // 2. the wideband phone calls fxs2 (its offer; we answer in its codec)
            Thread.sleep(500);
            phone.command("dial", "6001");
            assertTrue(fxs2.awaitRinging(Duration.ofSeconds(8)), "fxs2 rings\n" + phone.log());
            fxs2.offHook();
            heard = talk(fxs2, phone, codec);
            fxs2.onHook();
            checkRecordings(phone, seen, codec, heard);
            List<Cdr> cdrs = gw.awaitCdrs(2, Duration.ofSeconds(5));
            assertTrue(cdrs.stream().allMatch(c -> codec.equals(c.codec())), "both CDRs name " + codec + ": " + cdrs);
        }
    }

    /** baresip's tone reaches fxs2 at its frequency (returns the amplitude heard); then fxs2 speaks for 2 s. */
    private static double talk(VirtualPhone fxs2, Baresip phone, String codec) throws Exception {
        assertTrue(BaresipE2ETest.awaitHears(fxs2, FROM_BARESIP_HZ, Duration.ofSeconds(8)),
                codec + ": baresip's 1.5 kHz is heard on fxs2\n" + phone.log());
        Thread.sleep(1000);
        short[] heard = fxs2.heardAudio(Duration.ofMillis(800));
        assertEquals(FROM_BARESIP_HZ, peakHz(heard, 0, heard.length, 8000, 300, 3400), 15, codec + ": frequency on fxs2");
        double amplitude = amplitudeAt(heard, 0, heard.length, 8000, FROM_BARESIP_HZ);
        double rest = db(rms(heard, 0, heard.length) * Math.sqrt(2) / amplitudeAt(heard, 0, heard.length, 8000, FROM_BARESIP_HZ));
        assertTrue(rest < 0.5, codec + ": the tone is (nearly) all there is: total/tone " + rest + " dB");
        fxs2.playTone(FROM_LINE_HZ, -10);
        Thread.sleep(2000);
        fxs2.stopPlaying();
        // a digit from the line mid-call: an RFC 4733 event where one was agreed (G.722: at 8000), in-band
        // through the codec where none was (baresip offers Opus with telephone-event/8000 only); the call goes on
        fxs2.dialDtmf("5");
        Thread.sleep(500);
        assertTrue(BaresipE2ETest.awaitHears(fxs2, FROM_BARESIP_HZ, Duration.ofSeconds(2)),
                codec + ": the call survives a digit dialled on fxs2\n" + phone.log());
        return amplitude;
    }

    /**
     * baresip's recordings of this call: what it decoded holds fxs2's 1 kHz at -10 dBm0; what it
     * encoded (after its own resampler, which in baresip 1.0 loses some 21 dB on the way to
     * G.722's 16 kHz) is the level fxs2 must have heard.
     */
    private static void checkRecordings(Baresip phone, List<Path> seen, String codec, double heardOnFxs2) throws Exception {
        Thread.sleep(1000);
        Path dec = newRecording(phone, seen, "-dec.wav"), enc = newRecording(phone, seen, "-enc.wav");
        int[] rate = new int[1];
        short[] sent = Baresip.readRecording(enc, rate);
        int win = rate[0] / 5; // 200 ms
        double sentAmp = amplitudeAt(sent, sent.length / 2, Math.min(win * 3, sent.length / 2), rate[0], FROM_BARESIP_HZ);
        assertEquals(0, db(heardOnFxs2 / sentAmp), 2.0, codec + ": level on fxs2 relative to what baresip encoded (dB); sent "
                + db(sentAmp / BARESIP_AMP) + " dB of its WAV");
        short[] pcm = Baresip.readRecording(dec, rate);
        win = rate[0] / 5;
        double best = 0;
        int bestOff = -1;
        for (int off = 0; off + win <= pcm.length; off += win / 2) {
            double a = amplitudeAt(pcm, off, win, rate[0], FROM_LINE_HZ);
            if (a > best) { best = a; bestOff = off; }
        }
        assertTrue(bestOff >= 0, codec + ": recording too short (" + pcm.length + " samples at " + rate[0] + " Hz)");
        assertEquals(FROM_LINE_HZ, peakHz(pcm, bestOff, win, rate[0], 300, 3400), 15, codec + ": frequency baresip decoded");
        assertEquals(0, db(best / LINE_AMP), 2.0, codec + ": level baresip decoded relative to -10 dBm0 (dB), at " + rate[0] + " Hz");
        // nothing but the tone in the 4..8 kHz a wideband phone plays: the up-sampling filter left no image
        if (rate[0] >= 16000) {
            double image = amplitudeAt(pcm, bestOff, win, rate[0], 8000 - FROM_LINE_HZ);
            assertTrue(db(image / best) < -40, codec + ": image at 7 kHz " + db(image / best) + " dB");
        }
    }

    private static Path newRecording(Baresip phone, List<Path> seen, String suffix) throws Exception {
        Path p = phone.recordings().stream().filter(r -> r.toString().endsWith(suffix) && !seen.contains(r)).findFirst()
                .orElseThrow(() -> new AssertionError("baresip recorded no " + suffix + "\n" + phone.log()));
        seen.add(p);
        return p;
    }
}
