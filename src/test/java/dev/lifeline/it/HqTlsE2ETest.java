package dev.lifeline.it;

import static dev.lifeline.it.RegisterViaHqE2ETest.awaitMode;
import static dev.lifeline.it.RegisterViaHqE2ETest.via;
import static dev.lifeline.it.UpstreamE2ETest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.sip.FreePorts;
import dev.lifeline.survival.Mode;
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
import org.tinylog.Logger;

/**
 * Kamailio with its TLS module as HQ (issue #15), across the real WAN cut of {@link WanRig}'s
 * network namespaces (the relay variant carries UDP only): the gateway reaches HQ only over TLS,
 * verifying Kamailio's certificate against the test CA and its subjectAltName against the
 * configured host (RFC 5922); HQ comes back to the gateway over TLS along the Path.
 *
 * <p>{@link #linesAndAPhoneRegisterAndCallThroughHqOverTlsAndSurviveTheCut}: the OPTIONS probes,
 * the four lines' REGISTERs and baresip's REGISTER (baresip over TLS to the gateway, forwarded over
 * TLS to HQ) all reach Kamailio over TLS; fxs1 calls 7000 through HQ (Kamailio sends the INVITE back
 * along the Path, the gateway down baresip's connection) with audio both ways; the WAN cut flips to
 * SURVIVAL as fast as with UDP and the call keeps its audio; in SURVIVAL fxs1 reaches baresip over
 * TLS on its shadow binding; after the restore the gateway is back to NORMAL.
 * {@link #anHqWhoseCertificateDoesNotNameItOrComesFromAnotherCaIsRefused}: the same rig with
 * Kamailio presenting a certificate for another address, then one from another CA: refused, the
 * gateway is in SURVIVAL, and status says why.
 */
@Tag("e2e")
class HqTlsE2ETest {
    private static final String REALM = "demo-branch";
    private static final int HOLD_DOWN_S = 5;

    @TempDir
    Path tmp;

    static UnaryOperator<String> site(WanRig rig, int tlsPort, TestCa.Identity gwId, Path ca) {
        return s -> HqSite.viaHq(s).replace("{ extension: \"7000\", name: \"Phone 7000\", password: \"lifeline7000\" }",
                        "{ extension: \"7000\", name: \"Phone 7000\", password: \"lifeline7000\", srtp: mandatory }")
                .replace("listen-host: 127.0.0.1", "listen-host: " + rig.gatewayHost()
                        + "\n  digest-algorithms: [MD5]\n  tls: { port: " + tlsPort + ", cert-file: \"" + gwId.cert()
                        + "\", key-file: \"" + gwId.key() + "\", ca-file: \"" + ca + "\" }")
                + "\nupstream:\n  servers: [ { host: " + rig.hqHost() + ", port: 5061, transport: tls, priority: 1 } ]\n"
                + "  domain: hq.example\n"
                + "\nsurvival:\n  hold-down: " + HOLD_DOWN_S + "s\n  register-expires: 60\n";
    }

    /**
     * Kamailio (kamailio-hq.cfg with WITH_TLS) on HQ's side, UDP 5060 and TLS 5061, presenting {@code id};
     * when it connects to the gateway (INVITEs along the Path) it verifies the gateway's certificate
     * against the CA that issued {@code id}.
     */
    static Process kamailio(WanRig rig, Path dir, TestCa.Identity id, Path log) throws Exception {
        Files.createDirectories(dir);
        Path tlsCfg = dir.resolve("tls.cfg");
        Files.writeString(tlsCfg, String.join("\n",
                "[server:default]", "method = TLSv1.2+", "verify_certificate = no", "require_certificate = no",
                "certificate = " + id.cert(), "private_key = " + id.key(), "",
                "[client:default]", "method = TLSv1.2+", "verify_certificate = yes", "require_certificate = yes",
                "ca_list = " + id.ca(), ""));
        String hq = rig.hqSideHost();
        Process p = rig.startOnHq(rig.onHq(List.of("/usr/sbin/kamailio", "-f",
                        TestGateway.HOME.resolve("test-rigs/hq/kamailio-hq.cfg").toString(), "-DD", "-E", "-n", "1",
                        "-l", "udp:" + hq + ":5060", "-l", "tls:" + hq + ":5061", "-m", "32", "-M", "8", "-Y", dir.toString(),
                        "-A", "REALM=\"" + REALM + "\"", "-A", "WITH_TLS", "-A", "TLS_CONFIG=\"" + tlsCfg + "\"", "-d", "-d"))
                .redirectErrorStream(true).redirectOutput(log.toFile()));
        long end = System.currentTimeMillis() + 8_000;
        while (!Files.readString(log).contains("Listening on") && System.currentTimeMillis() < end) {
            if (!p.isAlive()) throw new IllegalStateException("kamailio exited:\n" + Files.readString(log));
            Thread.sleep(50);
        }
        Thread.sleep(500); // the workers fork after the banner
        return p;
    }

    @Test
    void linesAndAPhoneRegisterAndCallThroughHqOverTlsAndSurviveTheCut() throws Exception {
        Peers.requireKamailio();
        int port = FreePorts.udpAndTcp();
        int tlsPort = FreePorts.udpAndTcp();
        try (WanRig rig = WanRig.netns(port)) {
            TestCa ca = TestCa.create(tmp.resolve("ca"), "Lifeline Test CA");
            TestCa.Identity hqId = ca.issue("hq", List.of("IP:" + rig.hqHost(), "DNS:hq.example"));
            TestCa.Identity gwId = ca.issue("gateway", List.of("IP:" + rig.gatewayHost(), "IP:127.0.0.1"));
            Path kamLog = tmp.resolve("kamailio.log");
            kamailio(rig, tmp.resolve("kam"), hqId, kamLog);
            Path wav = SipTlsE2ETest.tone(tmp, 1500);
            int rtpLow = FreePorts.mediaBlock();
            try (TestGateway gw = TestGateway.start("demo.yaml", site(rig, tlsPort, gwId, ca.cert()), port)) {
                assertTrue(gw.gateway().registrations().isEmpty());
                VirtualPhone fxs1 = gw.phone("fxs1");
                awaitMode(gw, Mode.NORMAL, 5_000);
                UpstreamE2ETest.awaitRegistered(gw, 4);
                String log = Files.readString(kamLog);
                for (String ext : List.of("6000", "6001", "6002", "6003")) {
                    List<String> regs = KamailioHq.requests(log, "REGISTER", ext);
                    assertFalse(regs.isEmpty(), ext + " registered at Kamailio\n" + log);
                    assertTrue(regs.stream().allMatch(l -> l.endsWith("over tls")), ext + "'s REGISTERs over TLS: " + regs);
                }
                assertTrue(log.lines().anyMatch(l -> l.contains("hq: OPTIONS ") && l.endsWith("over tls")), "probes over TLS\n" + log);
                assertTrue(log.lines().filter(l -> l.contains("hq: ")).allMatch(l -> l.endsWith("over tls")),
                        "nothing reached HQ in clear\n" + log);
                Map<String, Object> tls = gw.gateway().sipTlsStatus();
                assertTrue(tls.toString().contains("state=verified"), "HQ's certificate verified: " + tls);

                try (Baresip phone = Baresip.startTls("7000", "lifeline7000", rig.gatewayHost(), tlsPort, wav, "srtp-mand", ca.cert(), rtpLow)) {
                    awaitTrue("7000 registered through the gateway at HQ", 10_000, () -> "hq".equals(via(gw, "7000")));
                    log = Files.readString(kamLog);
                    assertTrue(KamailioHq.requests(log, "REGISTER", "7000").stream().allMatch(l -> l.endsWith("over tls")),
                            "7000's REGISTER forwarded over TLS\n" + log);

                    // NORMAL: fxs1 -> HQ -> gateway (Path, TLS) -> baresip (its own TLS connection)
                    Set<Path> before = new HashSet<>(phone.recordings());
                    LoopbackCapture beforeCut = LoopbackCapture.start();
                    TestGateway.liftAndDial(fxs1, "7000");
                    awaitTrue("fxs1's INVITE for 7000 passed Kamailio over TLS", 6_000, () -> KamailioHq.requests(read(kamLog),
                            "INVITE", "6000").stream().anyMatch(l -> l.contains("INVITE sip:7000@") && l.endsWith("over tls")));
                    assertTrue(BaresipE2ETest.awaitHears(fxs1, 1500, Duration.ofSeconds(8)), "baresip heard on fxs1 through HQ\n"
                            + phone.log() + read(kamLog));
                    fxs1.playTone(1000, -10);
                    Thread.sleep(3000);
                    srtpOnly(beforeCut.stop(), rtpLow, "before the cut");

                    // the WAN goes with the call up
                    LoopbackCapture afterCut = LoopbackCapture.start();
                    long cutAt = System.currentTimeMillis();
                    rig.cut();
                    awaitMode(gw, Mode.SURVIVAL, 5_000);
                    long detected = System.currentTimeMillis() - cutAt;
                    Logger.info("hq tls: SURVIVAL {} ms after the cut", detected);
                    System.out.printf("HQ over TLS: WAN cut -> SURVIVAL in %d ms%n", detected);
                    assertTrue(BaresipE2ETest.awaitHears(fxs1, 1500, Duration.ofSeconds(3)), "the call keeps its audio after the cut");
                    Thread.sleep(3000);
                    srtpOnly(afterCut.stop(), rtpLow, "after the cut");
                    fxs1.stopPlaying();
                    fxs1.onHook();
                    Thread.sleep(1000);
                    SipTlsE2ETest.assertHeardByBaresip(phone, before, 1000);

                    // SURVIVAL: fxs1 -> baresip on its shadow binding, down its TLS connection
                    assertEquals("hq", via(gw, "7000"), "still HQ's shadow binding");
                    before = new HashSet<>(phone.recordings());
                    fxs1.offHook();
                    assertTrue(fxs1.awaitTone(ToneKind.STUTTER_DIAL, Duration.ofSeconds(3)), "stutter dial tone in SURVIVAL");
                    fxs1.dialDtmf("7000");
                    assertTrue(BaresipE2ETest.awaitHears(fxs1, 1500, Duration.ofSeconds(8)), "baresip answers over TLS in SURVIVAL\n"
                            + phone.log());
                    fxs1.playTone(1000, -10);
                    Thread.sleep(1500);
                    fxs1.stopPlaying();
                    fxs1.onHook();
                    Thread.sleep(1000);
                    SipTlsE2ETest.assertHeardByBaresip(phone, before, 1000);

                    rig.restore();
                    awaitMode(gw, Mode.NORMAL, (HOLD_DOWN_S + 6) * 1000L);
                }
            }
        }
    }

    @Test
    void anHqWhoseCertificateDoesNotNameItOrComesFromAnotherCaIsRefused() throws Exception {
        Peers.requireKamailio();
        int port = FreePorts.udpAndTcp();
        int tlsPort = FreePorts.udpAndTcp();
        try (WanRig rig = WanRig.netns(port)) {
            TestCa ca = TestCa.create(tmp.resolve("ca"), "Lifeline Test CA");
            TestCa other = TestCa.create(tmp.resolve("other"), "Some Other CA");
            TestCa.Identity gwId = ca.issue("gateway", List.of("IP:" + rig.gatewayHost(), "IP:127.0.0.1"));
            TestCa.Identity elsewhere = ca.issue("hq-elsewhere", List.of("IP:192.0.2.99", "DNS:hq.example"));
            TestCa.Identity stranger = other.issue("hq-stranger", List.of("IP:" + rig.hqHost()));
            Process kam = kamailio(rig, tmp.resolve("kam1"), elsewhere, tmp.resolve("kam1.log"));
            try (TestGateway gw = TestGateway.start("demo.yaml", site(rig, tlsPort, gwId, ca.cert()), port)) {
                awaitMode(gw, Mode.SURVIVAL, 6_000);
                awaitTrue("status names the refusal", 3_000, () -> String.valueOf(gw.gateway().sipTlsStatus())
                        .contains("not " + rig.hqHost() + " (RFC 5922)"));
                assertTrue(String.valueOf(gw.gateway().sipTlsStatus()).contains("state=refused"), String.valueOf(gw.gateway().sipTlsStatus()));
                String status = cli(gw, "status");
                assertTrue(status.contains("HQ " + rig.hqHost() + ":5061 over TLS: refused (certificate names"), "lifeline status:\n" + status);
                assertFalse(read(tmp.resolve("kam1.log")).contains("hq: "), "no SIP request reached the wrong HQ");
                kam.descendants().forEach(ProcessHandle::destroyForcibly);
                kam.destroyForcibly();
                kam.waitFor();
                kamailio(rig, tmp.resolve("kam2"), stranger, tmp.resolve("kam2.log"));
                awaitTrue("status says the certificate does not chain to the CA", 6_000, () ->
                        String.valueOf(gw.gateway().sipTlsStatus()).contains("does not chain to a trusted CA"));
                assertEquals(Mode.SURVIVAL, gw.gateway().mode());
                assertFalse(read(tmp.resolve("kam2.log")).contains("hq: "), "no SIP request reached the stranger\n"
                        + read(tmp.resolve("kam2.log")));
            }
        }
    }

    /**
     * baresip's media ({@code rtpLow}..{@code +3}) in {@code wire} both ways: plenty of packets, every
     * one longer than a clear G.711 packet (an SRTP authentication tag follows the payload), and
     * none whose payload, read as clear G.711, carries either tone of the call (1 kHz from fxs1,
     * 1.5 kHz from baresip), while both tones are heard at the ends: the media is encrypted.
     */
    static void srtpOnly(List<LoopbackCapture.Datagram> wire, int rtpLow, String when) {
        int fromPhone = 0, toPhone = 0, clearTone = 0, short_ = 0;
        short[] pcm = new short[160];
        for (var d : wire) {
            boolean from = d.srcPort() == rtpLow || d.srcPort() == rtpLow + 2;
            boolean to = d.dstPort() == rtpLow || d.dstPort() == rtpLow + 2;
            if (!from && !to || d.payload().length < 100) continue; // RTCP and events are small
            if (from) fromPhone++;
            else toPhone++;
            if (d.payload().length <= 12 + 160) short_++;
            int pt = d.payload()[1] & 0x7F;
            if (pt != 0 && pt != 8 || d.payload().length < 12 + 160) continue;
            (pt == 0 ? dev.lifeline.media.rtp.Codec.PCMU : dev.lifeline.media.rtp.Codec.PCMA).decode(d.payload(), 12, 160, pcm);
            for (double hz : new double[] {1000, 1500}) {
                if (dev.lifeline.testutil.Goertzel.energy(pcm, 0, 160) > 1e-5 && dev.lifeline.testutil.Goertzel.dominant(pcm, 0, 160, hz, 0.5)) {
                    clearTone++;
                }
            }
        }
        System.out.printf("HQ over TLS, %s: %d media packets from baresip, %d to it, %d without an SRTP tag, %d with a clear tone%n",
                when, fromPhone, toPhone, short_, clearTone);
        assertTrue(fromPhone > 40 && toPhone > 40, when + ": media both ways on baresip's ports: " + fromPhone + "/" + toPhone);
        assertEquals(0, short_, when + ": every packet carries an SRTP tag");
        assertEquals(0, clearTone, when + ": no tone in clear on the wire");
    }

    /**
     * A gateway that starts while the WAN is already down has no TLS connection to HQ: every probe,
     * line REGISTER and INVITE via HQ would open one, and JAIN-SIP connects inside the send. Those
     * sends run on the engine thread, whose 20 ms tick carries the analog audio; connecting there
     * stalled every line for as long as the connect hung. Local calls must sound right meanwhile.
     */
    @Test
    void aGatewayStartedWithTheWanDownKeepsItsLinesResponsive() throws Exception {
        Peers.requireKamailio();
        int port = FreePorts.udpAndTcp();
        int tlsPort = FreePorts.udpAndTcp();
        try (WanRig rig = WanRig.netns(port)) {
            TestCa ca = TestCa.create(tmp.resolve("ca"), "Lifeline Test CA");
            TestCa.Identity gwId = ca.issue("gateway", List.of("IP:" + rig.gatewayHost(), "IP:127.0.0.1"));
            TestCa.Identity hqId = ca.issue("hq", List.of("IP:" + rig.hqHost()));
            kamailio(rig, tmp.resolve("kam"), hqId, tmp.resolve("kam.log"));
            rig.cut();
            try (TestGateway gw = TestGateway.start("demo.yaml", site(rig, tlsPort, gwId, ca.cert()), port)) {
                VirtualPhone fxs3 = gw.phone("fxs3");
                VirtualPhone fxs4 = gw.phone("fxs4");
                awaitMode(gw, Mode.SURVIVAL, 8_000);
                for (int i = 0; i < 2; i++) {
                    long t0 = System.nanoTime();
                    fxs3.offHook();
                    assertTrue(fxs3.awaitTone(ToneKind.STUTTER_DIAL, Duration.ofSeconds(3)), "stutter dial tone at once");
                    fxs3.dialDtmf("6003");
                    assertTrue(fxs4.awaitRinging(Duration.ofSeconds(6)), "fxs4 rings (local call while HQ is unreachable)");
                    fxs4.offHook();
                    fxs3.playTone(1000, -10);
                    fxs4.playTone(1500, -10);
                    assertTrue(BaresipE2ETest.awaitHears(fxs4, 1000, Duration.ofSeconds(3)), "fxs4 hears fxs3");
                    assertTrue(BaresipE2ETest.awaitHears(fxs3, 1500, Duration.ofSeconds(3)), "fxs3 hears fxs4");
                    for (int k = 0; k < 6; k++) { // three seconds of uninterrupted tone, while probes and REGISTERs go on
                        assertTrue(fxs4.hears(1000, Duration.ofMillis(500)), "fxs4 keeps hearing fxs3 (" + k + ")");
                    }
                    fxs3.stopPlaying();
                    fxs4.stopPlaying();
                    fxs3.onHook();
                    fxs4.onHook();
                    System.out.printf("HQ over TLS unreachable: local call %d set up and checked in %d ms%n", i + 1,
                            (System.nanoTime() - t0) / 1_000_000);
                    Thread.sleep(1500);
                }
                assertEquals(Mode.SURVIVAL, gw.gateway().mode());
            }
        }
    }

    /** What {@code ./scripts/lifeline status} prints (the management API's text view over CoAP). */
    private static String cli(TestGateway gw, String view) throws Exception {
        dev.lifeline.mgmt.CoapSetup.configuration();
        org.eclipse.californium.core.CoapClient c = new org.eclipse.californium.core.CoapClient(gw.gateway().coapUri() + "/" + view);
        try {
            c.setTimeout(3000L);
            var r = c.get(org.eclipse.californium.core.coap.MediaTypeRegistry.TEXT_PLAIN);
            return r == null ? "(no answer)" : r.getResponseText();
        } finally {
            c.shutdown();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
