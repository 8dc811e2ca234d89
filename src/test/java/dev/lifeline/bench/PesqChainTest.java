package dev.lifeline.bench;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.it.Peers;
import dev.lifeline.media.rtp.Codec;
import dev.lifeline.rig.audio.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The speech-quality bench's measuring chain, without a gateway (seconds): a real espeak-ng
 * sentence is found to the sample in a long recording, the seeded loss is reproducible and at its
 * rate, lost packets are concealed in their place on the timeline, and a scorer that does not
 * look at the audio is caught by the self-check before any number is reported.
 */
class PesqChainTest {
    private static final int RATE = 8000;

    /** A real sentence from espeak-ng, as the bench makes its samples (sox to 8 kHz, peak -20 dBFS, padded). */
    private static short[] speech(Path dir) throws Exception {
        Peers.require("/usr/bin/espeak-ng", "espeak-ng");
        Peers.require("/usr/bin/sox", "sox");
        Path raw = dir.resolve("s.wav"), out = dir.resolve("s-8k.wav");
        run("espeak-ng", "-v", "en-us+m3", "-w", raw.toString(), "Glue the sheet to the dark blue background.");
        run("sox", raw.toString(), "-b", "16", "-c", "1", out.toString(), "norm", "-20", "pad", "0.5", "0.5", "rate", "-v", "8000");
        int[] rate = new int[1];
        short[] pcm = Wav.read(out, rate);
        assertEquals(RATE, rate[0]);
        return pcm;
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    @Test
    void speechIsFoundToTheSampleInALongRecordingAndG711KeepsItsWaveform() throws Exception {
        Path dir = Files.createTempDirectory("pesq-chain");
        short[] ref = speech(dir);
        // what a phone records: 1.377 s of faint line noise, the speech through G.711 (noise added), then 2 s more
        int at = 11_016;
        short[] rec = new short[at + ref.length + 2 * RATE];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < rec.length; i++) rec[i] = (short) (r.nextInt(7) - 3);
        byte[] ulaw = new byte[ref.length];
        short[] coded = new short[ref.length];
        Codec.PCMU.encode(ref, 0, ref.length, ulaw, 0);
        Codec.PCMU.decode(ulaw, 0, ulaw.length, coded);
        for (int i = 0; i < ref.length; i++) rec[at + i] = (short) Math.max(-32768, Math.min(32767, rec[at + i] + coded[i]));

        int off = SpeechAlign.offset(ref, rec, RATE);
        assertEquals(at, off, 1, "where the speech starts in the recording");
        short[] deg = SpeechAlign.cut(rec, off, ref.length);
        assertEquals(0, SpeechAlign.activeLevelDb(deg, RATE) - SpeechAlign.activeLevelDb(ref, RATE), 0.3, "level kept");
        double snr = SpeechAlign.segmentalSnrDb(ref, deg, RATE);
        assertTrue(snr > 25, "µ-law keeps about 30 dB segmental SNR when aligned: " + snr);
        // 5 ms off, the waveform comparison collapses: the alignment is what makes the figures mean anything
        double misaligned = SpeechAlign.segmentalSnrDb(ref, SpeechAlign.cut(rec, off + 40, ref.length), RATE);
        assertTrue(misaligned < 5, "5 ms misaligned: " + misaligned);
        assertEquals(-1, SpeechAlign.offset(ref, new short[ref.length - 1], RATE), "a recording shorter than the clip");
    }

    @Test
    void lossIsSeededReproducibleAndAtItsRate() {
        LossPattern a = new LossPattern(5, 42), b = new LossPattern(5, 42), c = new LossPattern(5, 43);
        int dropped = 0, same = 0, differs = 0;
        for (int i = 0; i < 20_000; i++) {
            boolean x = a.drop(), y = b.drop(), z = c.drop();
            if (x) dropped++;
            if (x == y) same++;
            if (x != z) differs++;
        }
        assertEquals(20_000, same, "the same seed drops the same packets");
        assertTrue(differs > 100, "another seed drops others: " + differs);
        assertEquals(1000, dropped, 150, "5 % of 20,000");
        LossPattern none = LossPattern.none();
        for (int i = 0; i < 1000; i++) assertFalse(none.drop());
    }

    @Test
    void aLostPacketIsConcealedInItsPlaceAcrossTheSequenceWrap() {
        SpeechTrack track = new SpeechTrack(LossPattern.none());
        short[] tone = dev.lifeline.media.audio.Signals.sine(RATE, 400, 0.3, 160 * 12);
        int first = 65_530;
        for (int f = 0; f < 12; f++) {
            if (f == 7) continue; // lost in the network (seq 1 after the wrap)
            byte[] p = new byte[160];
            Codec.PCMU.encode(tone, f * 160, 160, p, 0);
            track.add((first + f) & 0xFFFF, p);
        }
        short[] out = track.decode(SpeechCodec.PCMU);
        assertEquals(12 * 160, out.length, "one frame per sequence number, the gap included");
        double concealed = dev.lifeline.media.audio.Signals.rms(out, 7 * 160, 160), real = dev.lifeline.media.audio.Signals.rms(out, 5 * 160, 160);
        assertTrue(concealed > 0.5 * real, "the lost frame is filled with the tone's continuation, not silence: " + concealed + " vs " + real);
        // the frames after the gap are where they belong (spandsp blends the first one into the fill-in)
        for (int i = 9 * 160; i < 12 * 160; i++) assertEquals(tone[i], out[i], 300, "sample " + i);
    }

    @Test
    void aScorerThatIgnoresTheAudioFailsTheSelfCheck() throws Exception {
        Path dir = Files.createTempDirectory("pesq-chain");
        Path constant = dir.resolve("constant.py");
        Files.writeString(constant, "import sys\nfor line in open(sys.argv[1]):\n    print('4.5')\n");
        short[] speech = speech(dir);
        PesqBench.Sample s = new PesqBench.Sample("s", speech, new short[0]);
        PesqScorer scorer = new PesqScorer(Path.of("/usr/bin/python3"), constant);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> scorer.selfCheck(s, dir));
        assertTrue(e.getMessage().contains("self-check"), e.getMessage());
        // the noisy copy the check scores really is degraded: about 5 dB SNR
        double snr = SpeechAlign.segmentalSnrDb(speech, PesqScorer.withNoise(speech, 5, RATE), RATE);
        assertTrue(snr < 10, "noisy copy: " + snr + " dB");
        assertTrue(PesqReport.num(PesqReport.median(List.of(Double.NaN))).equals("null"), "a pair PESQ refused is reported null, not 0");
    }
}
