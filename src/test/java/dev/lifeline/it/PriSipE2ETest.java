package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.bench.PcapGen;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import dev.lifeline.survival.Mode;
import dev.lifeline.tdm.pri.E1Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PRI span with SIP phones and under load, against libpri as the exchange: a SIP phone
 * calls out and is called in (in SURVIVAL mode, with an emergency call beside it), 30 calls fill
 * the span each on its own channel, and a call survives a 2 s loss of the D-channel (T309).
 * SIP phones are SIPp; the answering one echoes RTP, so the exchange hears its own tone back
 * only if both directions of that call's channel work.
 */
@Tag("e2e")
class PriSipE2ETest {
    private static final Duration S5 = Duration.ofSeconds(5);
    private TestGateway gw;
    private PriPeer peer;
    private final List<Process> sipps = new ArrayList<>();

    private void start(Path dir) throws Exception { start(dir, s -> s); }

    private void start(Path dir, java.util.function.UnaryOperator<String> edit) throws Exception {
        gw = TestGateway.start("sim-4fxs-2fxo-1e1", "demo-e1.yaml", edit, dev.lifeline.sip.FreePorts.udpAndTcp(),
                Files.createDirectories(dir.resolve("data")));
        peer = PriPeer.connect("127.0.0.1", gw.gateway().simPort(), "e1a", "net");
        peer.await("^L2 UP", Duration.ofSeconds(10));
        for (int i = 0; i < 200 && !spanStatus().up(); i++) Thread.sleep(50);
        assertTrue(spanStatus().up(), "span up");
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (peer != null) assertEquals(List.of(), peer.errors(), "libpri saw nothing wrong");
        } finally {
            sipps.forEach(Process::destroyForcibly);
            if (peer != null) peer.close();
            if (gw != null) gw.close();
        }
    }

    private E1Span.Status spanStatus() throws Exception {
        return gw.gateway().engine().call(() -> gw.gateway().priTrunks().get(0).span().status(), 2000);
    }

    /** SIP user 7000 as a SIPp UAS that answers every call and echoes its RTP. */
    private void sipPhoneAnswersAndEchoes(Path dir) throws Exception {
        int uasPort = dev.lifeline.sip.FreePorts.udpAndTcp();
        sipps.add(new ProcessBuilder("sipp", "-sf", TestGateway.HOME.resolve("test-rigs/sipp/uas-answer-many.xml").toString(),
                "-s", "7000", "-i", "127.0.0.1", "-p", String.valueOf(uasPort), "-mi", "127.0.0.1", "-mp", String.valueOf(dev.lifeline.sip.FreePorts.mediaBlock()), "-rtp_echo",
                "-trace_msg", "-nostdin", "127.0.0.1:" + gw.sipPort()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("uas.out").toFile()).start());
        try (Sipp reg = Sipp.start("register-as.xml", gw.sipPort(), "-s", "7000", "-au", "7000", "-ap", "lifeline7000",
                "-key", "contact_port", String.valueOf(uasPort))) {
            assertEquals(0, reg.await(15), "7000 registered\n" + reg.output());
        }
    }

    private double measure(String id, int hz) {
        return Double.parseDouble(peer.ask("measure " + id + " " + hz, "^MEASURE " + id + " hz=" + hz + " dbm0=(\\S+)").group(1));
    }

    @Test
    void inSurvivalASipPhoneAndAnEmergencyCallLeaveOnTheSpanAndASipPhoneIsCalledIn(@TempDir Path dir) throws Exception {
        Peers.requireSipp();
        start(dir);
        gw.gateway().survivability().force(Mode.SURVIVAL, "test: the WAN is gone");

        // 7000 dials 0 + a national number: route [hq, span:e1a, fxo] leaves on the span with 7000's own DID
        Path phoneDir = Files.createDirectories(dir.resolve("phone7000"));
        PcapGen.main(new String[] {phoneDir.resolve("tone.pcap").toString(), "20"});
        try (Sipp call = Sipp.startIn(phoneDir, dev.lifeline.sip.FreePorts.udpAndTcp(), "uac-call-until-bye.xml", gw.sipPort(),
                "-s", "05555550123", "-au", "7000", "-ap", "lifeline7000", "-key", "caller", "7000",
                "-auth_uri", "05555550123@127.0.0.1:" + gw.sipPort())) {
            Matcher ring = peer.await("^RING (\\d+) ts=\\d+ called=(\\S*) calling=(\\S*)", Duration.ofSeconds(10));
            assertEquals("5555550123", ring.group(2));
            assertEquals("5555550270", ring.group(3), "7000 presents its own DID");
            String id = ring.group(1);
            peer.send("answer " + id);
            Thread.sleep(1500);
            double level = measure(id, 1000);
            assertTrue(level > -25, "7000's 1 kHz (PCMA RTP) reaches the exchange: " + level + " dBm0");
            peer.send("hangup " + id + " 16");
            assertEquals(0, call.await(15), "7000 got the BYE\n" + call.output());
        }

        // emergency from an analog phone: on the span first, as dialled
        VirtualPhone a = gw.phone("fxs1");
        TestGateway.liftAndDial(a, "911");
        Matcher sos = peer.await("^RING (\\d+) ts=\\d+ called=(\\S*)", Duration.ofSeconds(10));
        assertEquals("911", sos.group(2));
        peer.send("answer " + sos.group(1));
        Thread.sleep(300);
        a.onHook();
        peer.await("^HANGUP " + sos.group(1) + " cause=16", S5);

        // called in: DID 5555550270 rings SIP user 7000, who answers and echoes
        sipPhoneAnswersAndEchoes(dir);
        peer.send("call 5555550270 3125550147");
        String in = peer.await("^CALL (\\d+)", S5).group(1);
        peer.await("^CONNECT " + in, Duration.ofSeconds(10));
        peer.send("tone " + in + " 1004");
        Thread.sleep(1500);
        double echoed = measure(in, 1004);
        assertTrue(echoed > -30, "the exchange's tone went to 7000 over RTP and came back: " + echoed + " dBm0");
        peer.send("hangup " + in + " 16");
        String invite;
        try (var files = Files.list(dir)) {
            Path log = files.filter(f -> f.getFileName().toString().endsWith("_messages.log")).findFirst().orElseThrow();
            invite = Files.readString(log);
        }
        assertTrue(invite.contains("From: <sip:3125550147@"), "the PSTN caller's number in From\n" + invite);
        assertTrue(invite.contains("P-Asserted-Identity: <sip:3125550147@"), "and asserted (RFC 3325)\n" + invite);

        List<Cdr> cdrs = gw.awaitCdrs(3, S5);
        assertTrue(cdrs.stream().allMatch(c -> "survival".equals(c.mode())), cdrs.toString());
        assertTrue(cdrs.stream().anyMatch(c -> "outbound".equals(c.direction()) && "911".equals(c.calledNumber())
                && c.dstLeg().startsWith("e1:e1a/")), cdrs.toString());
        assertTrue(cdrs.stream().anyMatch(c -> "inbound".equals(c.direction()) && c.dstLeg().startsWith("sip:7000")
                && c.answered()), cdrs.toString());
    }

    @Test
    void thirtyCallsFillTheSpanEachOnItsOwnChannelAndTheThirtyFirstIsRefused(@TempDir Path dir) throws Exception {
        Peers.requireSipp();
        start(dir);
        sipPhoneAnswersAndEchoes(dir);
        List<VirtualPhone> phones = new ArrayList<>();
        for (int i = 1; i <= 4; i++) phones.add(gw.phone("fxs" + i));
        Map<String, Integer> toneOf = new LinkedHashMap<>();
        // 26 calls to the SIP phone (DID 5555550270), each with its own tone that the echo returns
        for (int k = 0; k < 26; k++) {
            peer.send("call 5555550270 31255501" + String.format("%02d", k));
            String id = peer.await("^CALL (\\d+)", S5).group(1);
            peer.await("^CONNECT " + id, Duration.ofSeconds(10));
            int hz = 400 + 100 * k;
            peer.send("tone " + id + " " + hz);
            toneOf.put(id, hz);
        }
        // 4 calls to the analog lines (DIDs 555555600x: the last 4 digits are the extension); each phone says its own tone
        for (int i = 0; i < 4; i++) {
            peer.send("call 555555600" + i + " 3125550200");
            String id = peer.await("^CALL (\\d+)", S5).group(1);
            assertTrue(phones.get(i).awaitRinging(Duration.ofSeconds(8)), "fxs" + (i + 1) + " rings");
            phones.get(i).offHook();
            peer.await("^CONNECT " + id, S5);
            int hz = 3050 + 100 * i;
            phones.get(i).playTone(hz, -10);
            toneOf.put(id, hz);
        }
        assertEquals(30, spanStatus().busy(), "every B-channel busy: " + spanStatus());
        assertEquals(30, gw.gateway().activeCalls());

        peer.send("call 5555550270 3125550999");
        String extra = peer.await("^CALL (\\d+)", S5).group(1);
        Matcher refused = peer.await("^HANGUP " + extra + " cause=(\\d+)", S5);
        assertTrue(refused.group(1).equals("34") || refused.group(1).equals("44"),
                "the 31st: no circuit / requested channel not available, got " + refused.group(1));

        // and out: a SIP phone dialling a PSTN number meets a full span and no FXO line: 503 (cause 34)
        try (Sipp full = Sipp.start("uac-expect-503.xml", gw.sipPort(), SipCallE2ETest.caller("05555550123", "lifeline7000", gw))) {
            assertEquals(0, full.await(15), "503 for a call out while every B-channel is busy\n" + full.output());
        }

        Thread.sleep(1500);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Integer> e : toneOf.entrySet()) {
            Matcher pk = peer.ask("peak " + e.getKey(), "^PEAK " + e.getKey() + " hz=(\\S+) dbm0=(\\S+)");
            double hz = Double.parseDouble(pk.group(1));
            double level = Double.parseDouble(pk.group(2));
            if (Math.abs(hz - e.getValue()) > 20 || level < -30) wrong.add("call " + e.getKey() + ": sent/said " + e.getValue() + " Hz, heard " + hz + " Hz at " + level + " dBm0");
        }
        assertEquals(List.of(), wrong, "each channel carries its own call's audio");
        for (String id : toneOf.keySet()) peer.send("hangup " + id + " 16");
        for (int i = 0; i < 200 && spanStatus().busy() > 0; i++) Thread.sleep(50);
        assertEquals(0, spanStatus().busy(), "all channels idle again");
        phones.forEach(p -> {
            try {
                p.onHook();
            } catch (Exception ignored) {
                // the test is over
            }
        });
    }

    @Test
    void anAnsweredCallSurvivesATwoSecondLayerTwoLoss(@TempDir Path dir) throws Exception {
        start(dir);
        VirtualPhone a = gw.phone("fxs1");
        TestGateway.liftAndDial(a, "05555550123");
        String id = peer.await("^RING (\\d+)", Duration.ofSeconds(10)).group(1);
        peer.send("answer " + id);
        a.playTone(1209, -10);
        Thread.sleep(800);
        assertTrue(measure(id, 1209) > -25, "audio before the loss");
        peer.send("l1 down");
        for (int i = 0; i < 100 && spanStatus().up(); i++) Thread.sleep(20);
        assertTrue(!spanStatus().up(), "layer 2 lost");
        Thread.sleep(2000);
        assertEquals(1, gw.gateway().activeCalls(), "the active call is kept while T309 runs");
        peer.send("l1 up");
        for (int i = 0; i < 200 && !spanStatus().up(); i++) Thread.sleep(50);
        assertTrue(spanStatus().up(), "layer 2 back");
        Thread.sleep(1000);
        assertEquals(1, gw.gateway().activeCalls(), "the call is still up after the link came back");
        assertTrue(measure(id, 1209) > -25, "and still carries audio");
        peer.send("tone " + id + " 852");
        assertTrue(FxsCallE2ETest.awaitHears(a, 852), "both ways");
        a.onHook();
        assertEquals("16", peer.await("^HANGUP " + id + " cause=(\\d+)", S5).group(1));
        assertEquals(16, gw.awaitCdrs(1, S5).get(0).q850Cause());
    }

    @Test
    void dtmfFromASipPhoneIsPlayedInBandOnTheBChannel(@TempDir Path dir) throws Exception {
        // baresip 1.0 refuses a challenge list that includes SHA-256: MD5 only, as in BaresipE2ETest
        start(dir, s -> s.replace("  tcp-port: 5060", "  tcp-port: 5060\n  digest-algorithms: [MD5]"));
        Path wav = dir.resolve("quiet.wav");
        dev.lifeline.rig.audio.Wav.write(wav, new short[8000 * 30]);
        try (Baresip phone = Baresip.start("7000", "lifeline7000", gw.sipPort(), wav)) {
            for (int i = 0; i < 100 && gw.gateway().registeredContacts("7000") == 0; i++) Thread.sleep(100);
            assertEquals(1, gw.gateway().registeredContacts("7000"), "baresip registered\n" + phone.log());
            phone.listenForEvents();
            peer.send("call 5555550270 3125550147");
            String id = peer.await("^CALL (\\d+)", S5).group(1);
            peer.await("^CONNECT " + id, Duration.ofSeconds(10));
            Thread.sleep(500);
            double quiet = measure(id, 770);
            phone.command("sndcode", "5"); // RFC 4733 event for '5' (770 + 1336 Hz)
            double low = -99;
            double high = -99;
            for (int i = 0; i < 30; i++) {
                low = Math.max(low, measure(id, 770));
                high = Math.max(high, measure(id, 1336));
                Thread.sleep(50);
            }
            assertTrue(low > -30 && high > -30, "the exchange hears '5' in-band: 770 Hz " + low + ", 1336 Hz " + high
                    + " dBm0 (before: " + quiet + ")\n" + phone.log());
            assertTrue(quiet < -45, "and nothing before it: " + quiet);
            peer.send("hangup " + id + " 16");
        }
    }
}
