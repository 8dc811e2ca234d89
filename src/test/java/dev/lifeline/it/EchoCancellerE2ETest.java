package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.ConfigLoader;
import dev.lifeline.config.PortDef;
import dev.lifeline.media.rtp.G711;
import dev.lifeline.rig.audio.SpeechLike;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.testutil.Await;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a SIP caller hears of its own voice when the analog phone's line has hybrid echo: the far
 * end (this test's own RTP socket, signalled by SIPp) says a speech-like signal; the sim phone on
 * fxs1 returns it through a hybrid (8 ms tail, ERL 6 dB, the worst the issue names); the test
 * measures how far below what it sent the audio that comes back is. With the gateway's canceller
 * (board profile default) it must be at least ERL + 30 dB down (30 dB ERLE); with the canceller
 * off in the board profile the echo must come back at about the ERL, so the test can fail. The
 * same for an exchange line's hybrid on fxo1, heard by an FXS caller.
 */
@Tag("e2e")
class EchoCancellerE2ETest {
    private static final int ERL_DB = 6;

    @Test
    void theFarEndHearsItsEchoAtLeast30dBBelowTheHybridsWithTheCanceller() throws Exception {
        double down = returnLossDb(PortDef.DEFAULT_FXS_TAIL_MS);
        assertTrue(down >= ERL_DB + 30, "echo returned " + String.format("%.1f", down) + " dB below the far end's signal (ERL "
                + ERL_DB + " dB, so ERLE " + String.format("%.1f", down - ERL_DB) + " dB)");
    }

    @Test
    void withoutTheCancellerTheEchoComesBackAtTheHybridsLoss() throws Exception {
        double down = returnLossDb(0);
        assertTrue(down < ERL_DB + 6, "echo clearly present without the canceller: " + String.format("%.1f", down) + " dB down");
    }

    @Test
    void anFxsCallerHearsTheExchangeLinesEchoAtLeast30dBDownWithTheFxoCanceller() throws Exception {
        double down = fxoReturnLossDb(PortDef.DEFAULT_FXO_TAIL_MS);
        assertTrue(down >= ERL_DB + 30, "fxs1 hears its echo from the CO line " + String.format("%.1f", down) + " dB down");
    }

    @Test
    void withoutTheFxoCancellerTheExchangeLinesEchoIsHeard() throws Exception {
        double down = fxoReturnLossDb(0);
        assertTrue(down < ERL_DB + 6, "echo clearly present without the canceller: " + String.format("%.1f", down) + " dB down");
    }

    @Test
    void aModemsAnswerToneWithPhaseReversalsSwitchesTheCancellerOff() throws Exception {
        try (TestGateway gw = TestGateway.start(board(PortDef.DEFAULT_FXS_TAIL_MS, PortDef.DEFAULT_FXO_TAIL_MS), "demo.yaml", s -> s,
                dev.lifeline.sip.FreePorts.udpAndTcp(), Files.createTempDirectory("lifeline-echo"));
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            VirtualPhone a = gw.phone("fxs1");
            int uasPort = dev.lifeline.sip.FreePorts.udpAndTcp();
            try (Sipp uas = Sipp.startOn(uasPort, "uas-answer-media-at.xml", gw.sipPort(), "-s", "7001",
                    "-key", "rtp_port", String.valueOf(rtp.getLocalPort()))) {
                SipCallE2ETest.register("7001", "lifeline7001", uasPort, gw);
                TestGateway.liftAndDial(a, "7001");
                dev.lifeline.tdm.LineEchoes echoes = gw.gateway().lines().echoes();
                Await.until("the call is up", Duration.ofSeconds(8), () -> gw.gateway().activeCalls() == 1);
                assertTrue(echoes.of("fxs1").active(), "the canceller works during the call");
                // the analog device answers like a V.34 modem: 2100 Hz, phase reversed every 450 ms
                short[] ans = dev.lifeline.dsp.ModemToneDetectorTest.answerTone(3500, true);
                java.nio.file.Path wav = Files.createTempFile("ans", ".wav");
                try (dev.lifeline.rig.audio.WavWriter w = new dev.lifeline.rig.audio.WavWriter(wav)) {
                    w.write(ans, 0, ans.length);
                }
                a.playWav(wav);
                Await.until("the canceller steps aside for the modem", Duration.ofSeconds(5), () -> !echoes.of("fxs1").active());
                assertTrue(echoes.of("fxs1").lastTone().disablesEchoCancellers(), "heard: " + echoes.of("fxs1").lastTone());
                a.onHook();
            }
        }
    }

    /**
     * fxs1 calls a CO subscriber over fxo1, whose exchange line has a hybrid (16 ms, ERL 6 dB); the
     * subscriber stays silent; fxs1 says 6 s of speech-like signal. Returns how far below what fxs1
     * said (over the last 3 s) what it hears back is, in dB.
     */
    private static double fxoReturnLossDb(int fxoTailMs) throws Exception {
        java.util.function.UnaryOperator<String> site = s -> s
                .replace("[6-7]xxx|0[1-9]xxxxxxxxx|911|*xx", "[6-7]xxx|0[1-9]xxxxxx|911|*xx");
        try (TestGateway gw = TestGateway.start(board(PortDef.DEFAULT_FXS_TAIL_MS, fxoTailMs), "demo.yaml", site,
                dev.lifeline.sip.FreePorts.udpAndTcp(), Files.createTempDirectory("lifeline-echo"));
             dev.lifeline.rig.co.CentralOffice co = new dev.lifeline.rig.co.CentralOffice("us")) {
            co.plug("127.0.0.1", gw.gateway().simPort(), "fxo1", "5550100");
            dev.lifeline.rig.co.Subscriber bob = co.addSubscriber("5551234", "Bob");
            VirtualPhone a = gw.phone("fxs1");
            a.offHook();
            assertTrue(a.awaitTone(dev.lifeline.rig.phone.ToneKind.DIAL, Duration.ofSeconds(3)));
            a.dialDtmf("05551234");
            assertTrue(bob.awaitRinging(Duration.ofSeconds(8)), "the CO subscriber rings: " + co.events());
            bob.answer();
            co.line("fxo1").hybridEcho(16, ERL_DB);
            short[] speech = new SpeechLike(77, -16).next(8000 * 6);
            java.nio.file.Path wav = Files.createTempFile("speech", ".wav");
            try (dev.lifeline.rig.audio.WavWriter w = new dev.lifeline.rig.audio.WavWriter(wav)) {
                w.write(speech, 0, speech.length);
            }
            a.playWav(wav);
            Thread.sleep(6000);
            short[] heard = a.heardAudio(Duration.ofSeconds(3));
            a.onHook();
            double said = 0, back = 0;
            for (int i = speech.length - 8000 * 3; i < speech.length; i++) said += (double) speech[i] * speech[i];
            for (short v : heard) back += (double) v * v;
            double down = 10 * Math.log10((said / (8000 * 3)) / Math.max(back / heard.length, 1e-3));
            System.out.printf("echo e2e: tail %d ms on fxo1, CO hybrid 16 ms / ERL %d dB: fxs1 hears its echo %.1f dB down%n",
                    fxoTailMs, ERL_DB, down);
            return down;
        }
    }

    /** The stock sim board with the FXS and FXO ports' tails replaced. */
    private static BoardProfile board(int fxsTailMs, int fxoTailMs) throws Exception {
        BoardProfile stock = ConfigLoader.loadBoard(TestGateway.HOME.resolve("board-profiles/sim-4fxs-2fxo.yaml"));
        List<PortDef> ports = stock.ports().stream().map(p -> new PortDef(p.id(), p.type(),
                p.type() == dev.lifeline.config.PortType.FXS ? fxsTailMs : fxoTailMs)).toList();
        return new BoardProfile(stock.board(), stock.description(), stock.driver(), stock.simListenHost(),
                stock.simListenPort(), stock.toneZone(), ports, stock.spans(), stock.gpio(), stock.consoleSerial());
    }

    /** One call fxs1 -> SIP 7001 on a board whose FXS ports have {@code tailMs}; returns sent/returned power in dB. */
    private static double returnLossDb(int tailMs) throws Exception {
        try (TestGateway gw = TestGateway.start(board(tailMs, PortDef.DEFAULT_FXO_TAIL_MS), "demo.yaml", s -> s, dev.lifeline.sip.FreePorts.udpAndTcp(),
                Files.createTempDirectory("lifeline-echo"));
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            VirtualPhone a = gw.phone("fxs1");
            int uasPort = dev.lifeline.sip.FreePorts.udpAndTcp();
            try (Sipp uas = Sipp.startOn(uasPort, "uas-answer-media-at.xml", gw.sipPort(), "-s", "7001",
                    "-key", "rtp_port", String.valueOf(rtp.getLocalPort()))) {
                SipCallE2ETest.register("7001", "lifeline7001", uasPort, gw);
                TestGateway.liftAndDial(a, "7001");
                rtp.setSoTimeout(200);
                AtomicReference<SocketAddress> gateway = new AtomicReference<>();
                byte[] buf = new byte[1500];
                Await.until("the gateway sends RTP once the call is answered", Duration.ofSeconds(8), () -> {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        rtp.receive(p);
                    } catch (SocketTimeoutException e) {
                        return false;
                    }
                    gateway.set(p.getSocketAddress());
                    return true;
                });
                a.hybridEcho(8, ERL_DB);
                double[] power = talk(rtp, gateway.get(), 6000, 3000);
                a.onHook();
                double down = 10 * Math.log10(power[0] / Math.max(power[1], 1e-3));
                System.out.printf("echo e2e: tail %d ms on fxs1, hybrid 8 ms / ERL %d dB: the far end hears its echo %.1f dB down%n",
                        tailMs, ERL_DB, down);
                return down;
            }
        }
    }

    /**
     * Sends {@code ms} of speech-like PCMU every 20 ms from a sender thread while receiving what
     * comes back; returns {sent power, received power}, both over the last {@code measureMs}
     * (long windows, so the round trip's delay does not matter).
     */
    private static double[] talk(DatagramSocket rtp, SocketAddress to, int ms, int measureMs) throws Exception {
        int frames = ms / 20, measureFrom = (ms - measureMs) / 20;
        SpeechLike voice = new SpeechLike(42, -16);
        double[] sent = new double[1];
        Thread sender = Thread.ofPlatform().name("echo-e2e-rtp").start(() -> {
            byte[] pkt = new byte[12 + 160];
            long next = System.nanoTime();
            int ssrc = 0x5eed;
            for (int f = 0; f < frames; f++) {
                short[] pcm = voice.next(160);
                pkt[0] = (byte) 0x80;
                pkt[1] = (byte) (f == 0 ? 0x80 : 0); // PCMU, marker on the first
                pkt[2] = (byte) (f >> 8);
                pkt[3] = (byte) f;
                int ts = f * 160;
                pkt[4] = (byte) (ts >> 24); pkt[5] = (byte) (ts >> 16); pkt[6] = (byte) (ts >> 8); pkt[7] = (byte) ts;
                pkt[8] = 0; pkt[9] = 0; pkt[10] = (byte) (ssrc >> 8); pkt[11] = (byte) ssrc;
                for (int i = 0; i < 160; i++) {
                    pkt[12 + i] = G711.ulaw(pcm[i]);
                    if (f >= measureFrom) {
                        double v = G711.ulawDecode(pkt[12 + i]);
                        sent[0] += v * v;
                    }
                }
                try {
                    rtp.send(new DatagramPacket(pkt, pkt.length, to));
                } catch (java.io.IOException e) {
                    return;
                }
                next += 20_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        });
        double received = 0;
        long samples = 0;
        long start = System.nanoTime();
        long measureAt = start + (ms - measureMs) * 1_000_000L;
        long end = start + ms * 1_000_000L;
        byte[] buf = new byte[1500];
        while (System.nanoTime() < end) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                rtp.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (p.getLength() <= 12 || (buf[1] & 0x7F) != 0 || System.nanoTime() < measureAt) continue;
            for (int i = 12; i < p.getLength(); i++) {
                double v = G711.ulawDecode(buf[i]);
                received += v * v;
                samples++;
            }
        }
        sender.join();
        long sentSamples = (long) (frames - measureFrom) * 160;
        // per-sample powers: the windows can differ by a few packets
        return new double[] {sent[0] / sentSamples, samples == 0 ? 0 : received / samples};
    }
}
