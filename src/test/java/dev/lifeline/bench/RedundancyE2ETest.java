package dev.lifeline.bench;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.it.TestGateway;
import dev.lifeline.rig.audio.Wav;
import dev.lifeline.rig.phone.VirtualPhone;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * RFC 2198 redundancy heard on an analog phone (issue #14): a SIP phone ({@link SpeechPeer}, here
 * beside the speech bench that uses it) calls fxs1 and sends a steady 1 kHz tone with 10 % of its
 * packets dropped before they leave (seeded: the same packets both times). Once on plain PCMU, once
 * offering PCMU + {@code red/8000} (which the gateway answers with its default {@code sip.red:
 * answer}). On plain PCMU every lost packet is a dip in the tone where spandsp's PLC fades its
 * guess; with RED the next packet brings the lost frame back, so only a loss of two packets in a
 * row is still heard.
 */
@Tag("e2e")
@Tag("serial")
class RedundancyE2ETest {
    static final double LOSS_PCT = 10;
    static final long SEED = 20261207L;

    @Test
    void withRedTheToneOnTheLineHasFarFewerDipsThanWithoutAtTheSameLoss() throws Exception {
        Path testLog = TestGateway.log(); // the in-process gateway appends there
        long logFrom = Files.exists(testLog) ? Files.size(testLog) : 0;
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s.replace("  tcp-port: 5060", "  tcp-port: 5060\n  digest-algorithms: [MD5]"))) {
            Heard plain = call(gw, SpeechCodec.PCMU);
            Heard red = call(gw, SpeechCodec.PCMU_RED);
            String both = "PCMU: " + plain + "; PCMU+RED: " + red;
            System.out.println("RedundancyE2ETest: " + both);
            assertEquals(plain.dropped, red.dropped, "the same seeded loss both times: " + both);
            assertTrue(plain.dropped >= 15, "enough loss to hear: " + both);
            assertTrue(plain.dips >= plain.dropped / 2, "without RED the losses are heard as dips: " + both);
            assertTrue(red.dips * 4 <= plain.dips, "with RED at most a quarter of the dips remain: " + both);
            byte[] all = Files.readAllBytes(testLog);
            String log = new String(all, (int) Math.min(logFrom, all.length), (int) (all.length - Math.min(logFrom, all.length)),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(log.contains("RFC 2198 redundancy on, payload type " + SpeechCodec.RED_PT), "the gateway agreed RED");
            assertTrue(log.contains("lost frames recovered from redundancy"), "and counted what it recovered");
        }
    }

    record Heard(long dropped, int windows, int dips) {}

    /** fxs1 answers a call from 7000 on {@code codec}; 7000 sends 6 s of tone with seeded loss; returns what fxs1 heard. */
    private static Heard call(TestGateway gw, SpeechCodec codec) throws Exception {
        VirtualPhone fxs = gw.phone("fxs1");
        fxs.clockedByLine(true);
        Path wav = Files.createTempFile("red-" + codec, ".wav");
        try (SpeechPeer peer = new SpeechPeer("7000", "lifeline7000", new InetSocketAddress("127.0.0.1", gw.sipPort()), codec,
                new LossPattern(LOSS_PCT, SEED), LossPattern.none())) {
            CompletableFuture<Void> calling = CompletableFuture.runAsync(() -> {
                try {
                    peer.call("6000");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(fxs.awaitRinging(Duration.ofSeconds(10)), "fxs1 rings");
            fxs.offHook();
            calling.get(10, TimeUnit.SECONDS);
            Thread.sleep(500);
            fxs.startRecording(wav);
            short[] tone = new short[8000 * 6];
            for (int i = 0; i < tone.length; i++) tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
            Thread.sleep(peer.speak(tone).toMillis() + 800);
            fxs.stopRecording();
            long dropped = peer.packetsDroppedBeforeSend();
            peer.hangUp();
            fxs.onHook();
            return dips(Wav.read(wav, new int[1]), dropped);
        } finally {
            fxs.close();
            Files.deleteIfExists(wav);
            Thread.sleep(300);
        }
    }

    /**
     * Counts 10 ms windows of the tone whose level falls 1.5 dB or more below the tone's median
     * level: the fade of a concealed frame (spandsp's PLC attenuates its repeat from the first
     * sample). The tone's first and last 100 ms are left out (jitter buffer start, the end).
     */
    private static Heard dips(short[] pcm, long dropped) {
        int w = 80, n = pcm.length / w;
        double[] rms = new double[n];
        double max = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < w; k++) s += (double) pcm[i * w + k] * pcm[i * w + k];
            rms[i] = Math.sqrt(s / w);
            max = Math.max(max, rms[i]);
        }
        int first = -1, last = -1;
        for (int i = 0; i < n; i++) {
            if (rms[i] > 0.3 * max) {
                if (first < 0) first = i;
                last = i;
            }
        }
        if (first < 0 || last - first < 200) return new Heard(dropped, 0, Integer.MAX_VALUE); // no tone heard: fails the comparison
        double[] active = Arrays.copyOfRange(rms, first + 10, last - 10);
        double[] sorted = active.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2], floor = median * Math.pow(10, -1.5 / 20);
        int dips = 0;
        for (int i = 0; i < active.length; i++) if (active[i] < floor && (i == 0 || active[i - 1] >= floor)) dips++;
        return new Heard(dropped, active.length, dips);
    }
}
