package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.audio.Wav;
import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.sip.FreePorts;
import dev.lifeline.survival.Mode;
import dev.lifeline.testutil.Goertzel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SIP over TLS with a real phone (baresip, OpenSSL through libre) in both modes: baresip trusts
 * only the test CA that signed the gateway's certificate, registers as 7000 at the TLS port,
 * calls fxs2 and is called from fxs1, with a tone heard both ways each time.
 *
 * <p>What makes this a test of the registered flow: the gateway opens new TLS connections only
 * to configured HQ servers (anyone else's certificate is refused), so fxs1's INVITE can reach
 * baresip only down the connection baresip registered on. A capture of the loopback meanwhile
 * must hold no SIP over UDP at all: every message travelled over TLS.
 */
@Tag("e2e")
@ParameterizedClass
@EnumSource(value = Mode.class, names = {"NORMAL", "SURVIVAL"})
class SipTlsE2ETest {
    @Parameter
    Mode mode;

    @TempDir
    Path tmp;

    /** The demo site with a TLS listener on {@code port} presenting {@code id}; MD5 digests for baresip 1.0. */
    static UnaryOperator<String> withTls(TestCa.Identity id, int port) {
        return s -> s.replace("  tcp-port: 5060", "  tcp-port: 5060\n  digest-algorithms: [MD5]\n  tls: { port: " + port
                + ", cert-file: \"" + id.cert() + "\", key-file: \"" + id.key() + "\" }");
    }

    @Test
    void baresipOverTlsCallsAnAnalogPhoneAndIsCalledByOne() throws Exception {
        TestCa ca = TestCa.create(tmp.resolve("ca"), "Lifeline Test CA");
        TestCa.Identity id = ca.issue("gateway", List.of("IP:127.0.0.1", "DNS:localhost"));
        int tlsPort = FreePorts.udpAndTcp();
        Path wav = tone(tmp, 1500);
        try (TestGateway gw = TestGateway.start("demo.yaml", withTls(id, tlsPort))) {
            if (mode == Mode.SURVIVAL) gw.gateway().survivability().force(Mode.SURVIVAL, "test");
            VirtualPhone fxs1 = gw.phone("fxs1");
            VirtualPhone fxs2 = gw.phone("fxs2");
            List<LoopbackCapture.Datagram> wire;
            int baresipPort;
            try (LoopbackCapture cap = LoopbackCapture.start();
                 Baresip phone = Baresip.startTls("7000", "lifeline7000", tlsPort, wav, null, ca.cert())) {
                baresipPort = phone.sipPort();
                BaresipE2ETest.awaitRegistration(gw, phone);
                Map<String, Object> binding = gw.gateway().registrations().stream()
                        .filter(r -> "7000".equals(r.get("extension"))).findFirst().orElseThrow();
                assertEquals("tls", binding.get("transport"), "7000 registered over TLS: " + binding);
                assertEquals(mode, gw.gateway().mode());

                // baresip -> fxs2 (6001)
                Set<Path> before = new HashSet<>(phone.recordings());
                phone.command("dial", "sip:6001@127.0.0.1:" + tlsPort + ";transport=tls");
                assertTrue(fxs2.awaitRinging(Duration.ofSeconds(5)), "fxs2 rings for baresip's TLS call\n" + phone.log());
                fxs2.offHook();
                fxs2.playTone(1000, -10);
                assertTrue(BaresipE2ETest.awaitHears(fxs2, 1500, Duration.ofSeconds(8)), "baresip heard on fxs2\n" + phone.log());
                Thread.sleep(2000);
                fxs2.stopPlaying();
                fxs2.onHook();
                Thread.sleep(1000);
                assertHeardByBaresip(phone, before, 1000);

                // fxs1 -> baresip (7000): the INVITE goes down baresip's own TLS connection
                before = new HashSet<>(phone.recordings());
                fxs1.offHook();
                assertTrue(fxs1.awaitTone(mode == Mode.SURVIVAL ? ToneKind.STUTTER_DIAL : ToneKind.DIAL, Duration.ofSeconds(3)));
                fxs1.dialDtmf("7000");
                assertTrue(BaresipE2ETest.awaitHears(fxs1, 1500, Duration.ofSeconds(8)), "baresip answered over TLS and is heard on fxs1\n"
                        + phone.log());
                fxs1.playTone(1000, -10);
                Thread.sleep(2000);
                fxs1.stopPlaying();
                fxs1.onHook();
                Thread.sleep(1000);
                assertHeardByBaresip(phone, before, 1000);
                wire = cap.stop();
            }
            Set<Integer> ours = Set.of(gw.sipPort(), baresipPort);
            List<String> clearSip = wire.stream().filter(d -> ours.contains(d.srcPort()) || ours.contains(d.dstPort()))
                    .filter(d -> d.text().startsWith("SIP/2.0 ") || d.text().matches("(?s)^[A-Z]+ sips?:.*"))
                    .map(d -> d.srcPort() + "->" + d.dstPort() + " " + d.text().lines().findFirst().orElse("")).toList();
            assertEquals(List.of(), clearSip, "no SIP message over UDP between baresip and the gateway: everything went over TLS");
        }
    }

    static Path tone(Path dir, double hz) throws Exception {
        Path wav = dir.resolve("tone" + (int) hz + ".wav");
        short[] tone = new short[8000 * 30];
        for (int i = 0; i < tone.length; i++) tone[i] = (short) (6000 * Math.sin(2 * Math.PI * hz * i / 8000.0));
        Wav.write(wav, tone);
        return wav;
    }

    /** A recording baresip made after {@code before} (what it heard in this call) holds {@code freq}. */
    static void assertHeardByBaresip(Baresip phone, Set<Path> before, double freq) throws Exception {
        List<Path> heard = phone.recordings().stream().filter(p -> !before.contains(p) && p.toString().endsWith("-dec.wav")).toList();
        assertTrue(!heard.isEmpty(), "baresip recorded the call\n" + phone.log());
        boolean found = false;
        for (Path p : heard) {
            short[] pcm = Wav.read(p);
            for (int rateRatio : new int[] {1, 2, 6}) {
                for (int off = 0; off + 800 <= pcm.length && !found; off += 800) {
                    found = Goertzel.energy(pcm, off, 800) > 1e-5 && Goertzel.dominant(pcm, off, 800, freq / rateRatio, 0.5);
                }
            }
        }
        assertTrue(found, "baresip heard the analog phone's " + freq + " Hz");
    }
}
