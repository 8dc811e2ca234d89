package dev.lifeline.it;

import static dev.lifeline.media.audio.Signals.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.rig.audio.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two SIP phones on Opus talk through the gateway, which anchors the media but relays it: every
 * Opus payload one phone sends leaves the gateway towards the other with the same bytes
 * (checked on a loopback capture), and each phone's tone is in the other's recording. 7001
 * also speaks PCMU, and would pick it if the gateway offered its configured order (PCMU first):
 * the gateway offers the caller leg's codec first so both sides share Opus.
 */
@Tag("e2e")
class OpusRelayE2ETest {
    @Test
    void twoOpusPhonesTalkWithTheirPacketsRelayedAsSent() throws Exception {
        // each phone's RTP in four ports of its own, outside the gateway's RTP range, so the capture tells them apart
        int aRtp = dev.lifeline.sip.FreePorts.mediaBlock(), bRtp = dev.lifeline.sip.FreePorts.mediaBlock();
        Path wavA = Files.createTempFile("tone1500", ".wav"), wavB = Files.createTempFile("tone700", ".wav");
        Wav.write(wavA, sine(8000, 1500, 0.2, 8000 * 60));
        Wav.write(wavB, sine(8000, 700, 0.2, 8000 * 60));
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s.replace("  tcp-port: 5060", "  tcp-port: 5060\n  digest-algorithms: [MD5]"));
             Baresip a = Baresip.startWithCodecs("7000", "lifeline7000", gw.sipPort(), wavA, "opus/48000/2", aRtp);
             Baresip b = Baresip.startWithCodecs("7001", "lifeline7001", gw.sipPort(), wavB, "PCMU,opus/48000/2", bRtp)) {
            awaitRegistered(gw, "7000", a);
            awaitRegistered(gw, "7001", b);
            LoopbackCapture capture = LoopbackCapture.start();
            List<LoopbackCapture.Datagram> packets;
            try (capture) {
                a.command("dial", "7001");
                Thread.sleep(5000);
                a.command("hangup", "");
                Thread.sleep(1000);
                packets = capture.stop();
            }
            // what each phone sent, and what the gateway sent each phone: RTP audio payloads (not RTCP: PT 72..76 with marker)
            List<String> fromA = payloads(packets, aRtp, true), toB = payloads(packets, bRtp, false);
            List<String> fromB = payloads(packets, bRtp, true), toA = payloads(packets, aRtp, false);
            assertTrue(fromA.size() > 150, "7000 sent ~250 packets in 5 s: " + fromA.size() + "\n" + a.log());
            assertTrue(fromB.size() > 150, "7001 sent: " + fromB.size() + "\n" + b.log());
            System.out.printf("relay: 7000 sent %d Opus packets, %.1f %% reached 7001 byte for byte; 7001 sent %d, %.1f %% reached 7000%n",
                    fromA.size(), 100 * share(fromA, toB), fromB.size(), 100 * share(fromB, toA));
            assertTrue(share(fromA, toB) > 0.95, "7000's payloads reach 7001 unchanged: " + share(fromA, toB));
            assertTrue(share(fromB, toA) > 0.95, "7001's payloads reach 7000 unchanged: " + share(fromB, toA));
            assertTrue(b.log().contains("Set audio encoder: opus"), "7001 agreed Opus though it lists PCMU first\n" + b.log());
            assertHeard(a, 700);
            assertHeard(b, 1500);
            assertEquals("opus", gw.awaitCdrs(1, Duration.ofSeconds(5)).get(0).codec());
        }
    }

    private static void awaitRegistered(TestGateway gw, String ext, Baresip phone) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (gw.gateway().registeredContacts(ext) == 0) {
            if (System.nanoTime() > end) throw new AssertionError(ext + " did not register\n" + phone.log());
            Thread.sleep(100);
        }
    }

    /** Hex of the payloads (after the 12-byte header, no CSRC/extension in baresip's or our RTP) of the audio packets to or from a phone's RTP port range. */
    private static List<String> payloads(List<LoopbackCapture.Datagram> packets, int phoneRtp, boolean fromPhone) {
        List<String> out = new java.util.ArrayList<>();
        for (var d : packets) {
            int port = fromPhone ? d.srcPort() : d.dstPort();
            if (port < phoneRtp || port > phoneRtp + 3) continue; // baresip picks its RTP port within its range
            byte[] p = d.payload();
            if (p.length <= 12 || (p[0] & 0xC0) != 0x80) continue;
            int pt = p[1] & 0x7F;
            if (pt < 96) continue; // Opus is dynamic; PCMU, CN and telephone-event at 8000 are not what we compare
            out.add(java.util.HexFormat.of().formatHex(p, 12, p.length));
        }
        return out;
    }

    /** Of the payloads sent, the share that arrived byte for byte (as a multiset: a steady tone repeats payloads). */
    private static double share(List<String> sent, List<String> arrived) {
        if (sent.isEmpty()) return 0;
        java.util.Map<String, Integer> left = new java.util.HashMap<>();
        for (String p : arrived) left.merge(p, 1, Integer::sum);
        int matched = 0;
        for (String p : sent) {
            Integer n = left.get(p);
            if (n != null && n > 0) { matched++; left.put(p, n - 1); }
        }
        return matched / (double) sent.size();
    }

    private static void assertHeard(Baresip phone, double freq) throws Exception {
        Path dec = phone.recordings().stream().filter(p -> p.toString().endsWith("-dec.wav")).findFirst()
                .orElseThrow(() -> new AssertionError("no recording\n" + phone.log()));
        int[] rate = new int[1];
        short[] pcm = Baresip.readRecording(dec, rate);
        int win = rate[0] / 5;
        double best = 0;
        int at = -1;
        for (int off = 0; off + win <= pcm.length; off += win) {
            double amp = amplitudeAt(pcm, off, win, rate[0], freq);
            if (amp > best) { best = amp; at = off; }
        }
        assertTrue(at >= 0 && best > 0.01, "tone " + freq + " Hz in the recording: " + best);
        assertEquals(freq, peakHz(pcm, at, win, rate[0], 300, 3400), 15);
    }
}
