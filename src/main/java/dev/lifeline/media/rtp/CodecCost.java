package dev.lifeline.media.rtp;

import dev.lifeline.dsp.G722Decoder;
import dev.lifeline.dsp.G722Encoder;
import dev.lifeline.dsp.OpusDecoder;
import dev.lifeline.dsp.OpusEncoder;
import dev.lifeline.media.audio.Resampler;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What a transcoded SIP channel costs per 20 ms frame, for sizing a board: encode + decode of
 * each codec as an RTP session runs them (8 kHz frames, resampling included), the codecs alone
 * at their own rate, and each resampler. Input is a voiced, speech-like signal (harmonics of a
 * gliding 90..220 Hz pitch under a syllable envelope, plus noise), since Opus's cost depends on
 * what it codes. The codecs part of scripts/bench ({@code --codecs-only}) runs it; the last line is JSON.
 */
public final class CodecCost {
    private CodecCost() {}

    interface Frame { int run(int i); }

    /** µs per call of {@code f} over {@code frames} calls after a warm-up. */
    static double micros(int frames, Frame f) {
        int sink = 0;
        for (int i = 0; i < Math.min(frames, 3000); i++) sink += f.run(i);
        long t0 = System.nanoTime();
        for (int i = 0; i < frames; i++) sink += f.run(i);
        long t1 = System.nanoTime();
        if (sink == 42) System.out.print(""); // keeps the work observable
        return (t1 - t0) / 1000.0 / frames;
    }

    /** {@code seconds} of speech-like audio at {@code rate}. */
    static short[] speechLike(int rate, int seconds) {
        Random rnd = new Random(7);
        short[] s = new short[rate * seconds];
        double phase = 0;
        for (int i = 0; i < s.length; i++) {
            double t = (double) i / rate;
            double pitch = 155 + 65 * Math.sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * pitch / rate;
            double v = 0;
            for (int h = 1; h * pitch < Math.min(rate / 2.0, 7000); h++) v += Math.sin(h * phase) / h;
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t); // ~3 syllables a second
            s[i] = (short) Math.max(-32767, Math.min(32767, 5000 * envelope * v + 300 * rnd.nextGaussian()));
        }
        return s;
    }

    public static Map<String, Double> measure(int frames) {
        Map<String, Double> r = new LinkedHashMap<>();
        short[] nb = speechLike(8000, 10), wb = speechLike(16000, 10);
        int nbFrames = nb.length / 160;
        byte[] payload = new byte[1500];
        short[] frame = new short[160], out = new short[960];
        for (Codec c : Codec.values()) {
            try (FrameEncoder enc = c.openEncoder(OpusParams.DEFAULT); FrameDecoder dec = c.openDecoder()) {
                r.put(c.encodingName() + "_encode_decode_us", micros(frames, i -> {
                    System.arraycopy(nb, (i % nbFrames) * 160, frame, 0, 160);
                    int n = enc.encode(frame, payload, 0);
                    dec.decode(payload, 0, n, frame);
                    return n;
                }));
            }
        }
        int wbFrames = wb.length / 320;
        try (var enc = new OpusEncoder(new OpusEncoder.Settings(16000, 24000, true, 5, 0, 5)); var dec = new OpusDecoder(16000)) {
            r.put("opus_16k_codec_only_us", micros(frames, i -> {
                int n = enc.encode(wb, (i % wbFrames) * 320, 320, payload, 0, payload.length);
                return dec.decode(payload, 0, n, out, 0, 960);
            }));
        }
        try (var enc = new G722Encoder(); var dec = new G722Decoder()) {
            r.put("G722_16k_codec_only_us", micros(frames, i -> {
                int n = enc.encode(wb, (i % wbFrames) * 320, 320, payload, 0);
                return dec.decode(payload, 0, n, out, 0);
            }));
        }
        int[][] pairs = {{8000, 16000}, {16000, 8000}, {8000, 48000}, {48000, 8000}};
        short[] big = new short[960];
        for (int[] p : pairs) {
            Resampler rs = new Resampler(p[0], p[1]);
            int inLen = p[0] / 50;
            short[] src = p[0] == 8000 ? nb : speechLike(p[0], 1);
            int srcFrames = src.length / inLen;
            r.put("resample_" + p[0] / 1000 + "k_to_" + p[1] / 1000 + "k_us", micros(frames, i -> rs.process(src, (i % srcFrames) * inLen, inLen, big, 0)));
        }
        return r;
    }

    /** Prints µs per 20 ms frame: {@code java -cp ... dev.lifeline.media.rtp.CodecCost [frames]}; the last line is JSON. */
    public static void main(String[] args) {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Map<String, Double> r = measure(frames);
        r.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-32s %8.2f us per 20 ms frame%n", k, v));
        double opus = r.get("opus_encode_decode_us");
        System.out.printf(Locale.ROOT, "transcoded Opus channels per core (20 000 us / cost): %.0f%n", 20_000 / opus);
        StringBuilder json = new StringBuilder("{\"frames\":").append(frames);
        r.forEach((k, v) -> json.append(",\"").append(k.toLowerCase(Locale.ROOT)).append("\":").append(String.format(Locale.ROOT, "%.2f", v)));
        json.append(",\"opus_channels_per_core\":").append(Math.round(20_000 / opus)).append('}');
        System.out.println(json);
    }
}
