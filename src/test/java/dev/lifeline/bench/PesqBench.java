package dev.lifeline.bench;

import dev.lifeline.it.TestGateway;
import dev.lifeline.rig.audio.Wav;
import dev.lifeline.rig.phone.VirtualPhone;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Speech quality through a running gateway (issue #14, {@code scripts/bench --pesq-only}): speech
 * samples are played into one end of a call and recorded at the other, cut to the reference
 * ({@link SpeechAlign}) and scored with ITU-T P.862 / P.862.2 by {@code scripts/lib/pesq_score.py}.
 *
 * <p>Paths, each at every loss rate and {@code runs} times (a different sample and loss seed
 * each run; the median is reported): fxs1 ↔ a SIP phone on PCMU and on Opus (both directions of
 * one call, one after the other so the echo canceller never sees double talk; narrowband P.862 at
 * 8 kHz; PCMU also with RFC 2198 redundancy, path {@code g711_red}, on the same loss pattern as
 * {@code g711}), and SIP Opus ↔ SIP Opus relayed by the gateway (wideband P.862.2 at 16 kHz). Loss is
 * seeded ({@link LossPattern}): packets the SIP phone sends are dropped before they leave (the
 * gateway conceals: its jitter buffer's PLC, or Opus FEC) and packets the gateway sends are
 * dropped as they arrive (the phone conceals the same way).
 *
 * <pre>PesqBench --speech DIR --work DIR [--python PY --scorer pesq_score.py] [--runs 3] [--losses 0,1,5] [--paths PCMU,OPUS_NB,OPUS_WB,PCMU_RED]</pre>
 *
 * {@code DIR} holds {@code NAME-8k.wav} and {@code NAME-16k.wav} pairs (mono, 16 bit). Without a
 * python that imports {@code pesq} it still makes every call and prints the diagnostics (level,
 * segmental SNR, packets), with {@code mos_lqo} null and the reason. Prints one JSON line last.
 */
public final class PesqBench {
    /** {@code -Dpesq.lineClocked=false}: the virtual phone on its own 20 ms timer, to see the sim's frame slips. */
    private static final boolean LINE_CLOCKED = Boolean.parseBoolean(System.getProperty("pesq.lineClocked", "true"));
    private static final String DIGEST_MD5 = "  tcp-port: 5060\n  digest-algorithms: [MD5]";

    record Sample(String name, short[] nb, short[] wb) {}

    /** One scored direction of one call. */
    record Pair(String path, String direction, double loss, int run, String sample, int rate, Path ref, Path deg,
                double levelDiffDb, double segSnrDb, long lost) {}

    private PesqBench() {}

    public static void main(String[] args) throws Exception {
        Path speech = Path.of(opt(args, "--speech", null)), work = Path.of(opt(args, "--work", null));
        String python = opt(args, "--python", ""), scorer = opt(args, "--scorer", "");
        int runs = Integer.parseInt(opt(args, "--runs", "3"));
        List<String> paths = List.of(opt(args, "--paths", "PCMU,OPUS_NB,OPUS_WB,PCMU_RED").split(","));
        List<Double> losses = new ArrayList<>();
        for (String l : opt(args, "--losses", "0,1,5").split(",")) losses.add(Double.parseDouble(l));
        List<Sample> samples = samples(speech);
        Files.createDirectories(work);
        List<Pair> pairs = new ArrayList<>();
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s.replace("  tcp-port: 5060", DIGEST_MD5))) {
            InetSocketAddress sip = new InetSocketAddress("127.0.0.1", gw.sipPort());
            int pathNo = 0;
            long t0 = System.nanoTime();
            for (SpeechCodec codec : SpeechCodec.values()) {
                pathNo++;
                if (!paths.contains(codec.name())) continue;
                for (double loss : losses) {
                    for (int run = 0; run < runs; run++) {
                        Sample s = samples.get(run % samples.size());
                        // g711_red loses exactly the packets g711 loses: the difference is the redundancy alone
                        long seed = 1_000_003L * run + 1009L * Math.round(loss * 10) + (codec == SpeechCodec.PCMU_RED ? 1 : pathNo);
                        System.err.printf(Locale.ROOT, "pesq: %s, %.0f %% loss, run %d (%s), at %d s%n", codec, loss, run + 1, s.name(),
                                (System.nanoTime() - t0) / 1_000_000_000L);
                        if (codec == SpeechCodec.OPUS_WB) pairs.addAll(sipToSip(gw, sip, s, loss, run, seed, work));
                        else pairs.addAll(lineToSip(gw, sip, codec, s, loss, run, seed, work));
                    }
                }
            }
        }
        for (SpeechCodec codec : SpeechCodec.values()) {
            if (!paths.contains(codec.name())) continue;
            for (int i = 0; i < samples.size(); i++) pairs.add(codecAlone(codec, samples.get(i), i, work));
        }
        PesqScorer scorer0 = python.isEmpty() ? null : new PesqScorer(Path.of(python), Path.of(scorer));
        String check = scorer0 == null ? "no scorer" : scorer0.selfCheck(samples.get(0), work);
        Map<Pair, Double> mos = new LinkedHashMap<>();
        if (scorer0 != null) mos = scorer0.score(pairs, work);
        System.out.println(PesqReport.json(pairs, mos, runs, losses, check));
        System.exit(0); // the in-process gateway's SIP stack leaves a non-daemon thread behind
    }

    /** fxs1 and a SIP phone on {@code codec}: the phone calls 6000; fxs1 speaks, then the phone speaks. */
    private static List<Pair> lineToSip(TestGateway gw, InetSocketAddress sip, SpeechCodec codec, Sample s, double loss, int run,
                                        long seed, Path work) throws Exception {
        String path = pathName(codec);
        VirtualPhone fxs = gw.phone("fxs1");
        if (LINE_CLOCKED) fxs.clockedByLine(true); // synchronous with the gateway, as a real line (VirtualPhone#clockedByLine)
        try (SpeechPeer peer = new SpeechPeer("7000", "lifeline7000", sip, codec, new LossPattern(loss, seed), new LossPattern(loss, seed + 1))) {
            CompletableFuture<Void> calling = CompletableFuture.runAsync(() -> {
                try {
                    peer.call("6000");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            if (!fxs.awaitRinging(Duration.ofSeconds(10))) throw new IllegalStateException("fxs1 did not ring");
            fxs.offHook();
            calling.get(10, java.util.concurrent.TimeUnit.SECONDS);
            Thread.sleep(1000);
            Path wav = work.resolve("ref-" + s.name() + "-8k.wav");
            Wav.write(wav, s.nb(), 8000);
            fxs.playWav(wav);
            Thread.sleep(s.nb().length / 8 + 1500);
            Path heardOnLine = work.resolve(String.format(Locale.ROOT, "%s-%.0f-%d-line.wav", path, loss, run));
            fxs.startRecording(heardOnLine);
            Duration d = peer.speak(codec.opus() ? s.wb() : s.nb());
            Thread.sleep(d.toMillis() + 1500);
            fxs.stopRecording();
            peer.hangUp();
            fxs.onHook();
            int[] rate = new int[1];
            List<Pair> out = new ArrayList<>();
            out.add(pair(path, "fxs_to_sip", loss, run, s, s.nb(), peer.heard(), 8000, work, peer.track().dropped()));
            out.add(pair(path, "sip_to_fxs", loss, run, s, s.nb(), Wav.read(heardOnLine, rate), 8000, work,
                    peer.packetsDroppedBeforeSend()));
            return out;
        } finally {
            fxs.close();
            Thread.sleep(300);
        }
    }

    /** Two SIP phones on Opus through the gateway (relayed): 7000 calls 7001; 7000 speaks, then 7001. */
    private static List<Pair> sipToSip(TestGateway gw, InetSocketAddress sip, Sample s, double loss, int run, long seed, Path work)
            throws Exception {
        SpeechCodec c = SpeechCodec.OPUS_WB;
        try (SpeechPeer b = new SpeechPeer("7001", "lifeline7001", sip, c, new LossPattern(loss, seed), LossPattern.none());
             SpeechPeer a = new SpeechPeer("7000", "lifeline7000", sip, c, new LossPattern(loss, seed + 1), LossPattern.none())) {
            b.register();
            a.call("7001");
            if (!b.awaitInCall(Duration.ofSeconds(5))) throw new IllegalStateException("7001 was not called");
            Thread.sleep(1000);
            Thread.sleep(a.speak(s.wb()).toMillis() + 1500);
            Thread.sleep(b.speak(s.wb()).toMillis() + 1500);
            a.hangUp();
            List<Pair> out = new ArrayList<>();
            out.add(pair("opus_wb", "sip_to_sip", loss, run, s, s.wb(), b.heard(), 16000, work, a.packetsDroppedBeforeSend()));
            out.add(pair("opus_wb", "sip_to_sip_back", loss, run, s, s.wb(), a.heard(), 16000, work, b.packetsDroppedBeforeSend()));
            return out;
        }
    }

    /**
     * The same sample through the codec alone, no gateway and no loss (direction {@code codec_alone}):
     * the ceiling each path's score is to be read against.
     */
    private static Pair codecAlone(SpeechCodec codec, Sample s, int run, Path work) throws IOException {
        String path = pathName(codec);
        short[] in = codec.sendRate() == 8000 ? s.nb() : s.wb(), ref = codec.receiveRate() == 8000 ? s.nb() : s.wb();
        int step = codec.sendRate() / 50, outStep = codec.receiveRate() / 50, frames = in.length / step + 10;
        short[] out = new short[frames * outStep], frame = new short[step], decoded = new short[outStep];
        byte[] packet = new byte[1500];
        try (SpeechCodec.Encoder enc = codec.openEncoder(); SpeechCodec.Decoder dec = codec.openDecoder()) {
            for (int f = 0; f < frames; f++) {
                java.util.Arrays.fill(frame, (short) 0);
                if (f * step < in.length) System.arraycopy(in, f * step, frame, 0, Math.min(step, in.length - f * step));
                int n = enc.encode(frame, packet, 0);
                dec.decode(java.util.Arrays.copyOf(packet, n), decoded);
                System.arraycopy(decoded, 0, out, f * outStep, outStep);
            }
        }
        return pair(path, "codec_alone", 0, run, s, ref, out, codec.receiveRate(), work, 0);
    }

    private static String pathName(SpeechCodec codec) {
        return switch (codec) {
            case PCMU -> "g711";
            case PCMU_RED -> "g711_red";
            case OPUS_NB -> "opus_nb";
            case OPUS_WB -> "opus_wb";
        };
    }

    private static Pair pair(String path, String direction, double loss, int run, Sample s, short[] ref, short[] rec, int rate, Path work,
                             long lost) throws IOException {
        int off = SpeechAlign.offset(ref, rec, rate);
        if (off < 0) throw new IllegalStateException(path + " " + direction + ": recorded " + rec.length + " samples, shorter than the speech");
        short[] deg = SpeechAlign.cut(rec, off, ref.length);
        String base = String.format(Locale.ROOT, "%s-%s-%.0f-%d", path, direction, loss, run);
        Path refWav = work.resolve(base + "-ref.wav"), degWav = work.resolve(base + "-deg.wav");
        Wav.write(refWav, ref, rate);
        Wav.write(degWav, deg, rate);
        return new Pair(path, direction, loss, run, s.name(), rate, refWav, degWav,
                SpeechAlign.activeLevelDb(deg, rate) - SpeechAlign.activeLevelDb(ref, rate), SpeechAlign.segmentalSnrDb(ref, deg, rate), lost);
    }

    static List<Sample> samples(Path dir) throws IOException {
        List<Sample> out = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path nb : files.filter(p -> p.getFileName().toString().endsWith("-8k.wav")).sorted().toList()) {
                String name = nb.getFileName().toString().replace("-8k.wav", "");
                int[] r8 = new int[1], r16 = new int[1];
                short[] a = Wav.read(nb, r8), b = Wav.read(dir.resolve(name + "-16k.wav"), r16);
                if (r8[0] != 8000 || r16[0] != 16000) throw new IOException(name + ": need 8000 and 16000 Hz, got " + r8[0] + "/" + r16[0]);
                out.add(new Sample(name, a, b));
            }
        }
        if (out.isEmpty()) throw new IOException("no *-8k.wav speech samples in " + dir);
        return out;
    }

    private static String opt(String[] args, String name, String def) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
        if (def == null) throw new IllegalArgumentException("usage: PesqBench --speech DIR --work DIR [--python PY --scorer FILE] [--runs N] [--losses 0,1,5]");
        return def;
    }
}
