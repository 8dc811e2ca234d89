package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import dev.lifeline.tdm.pri.E1Span;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The E1 PRI span against the real ISDN stack Asterisk uses: libpri as the exchange
 * ({@code test-rigs/pri-peer}, network side, EuroISDN E1) on the simulated span of
 * {@code sim-4fxs-2fxo-1e1}, with the {@code demo-e1} site. Judged by what the exchange and the
 * phones see and hear, and by the CDRs. Any message libpri reports as wrong fails the test.
 */
@Tag("e2e")
class PriSpanE2ETest {
    private static final Duration S5 = Duration.ofSeconds(5);
    private TestGateway gw;
    private PriPeer peer;

    private void start() throws Exception {
        gw = TestGateway.start("sim-4fxs-2fxo-1e1", "demo-e1.yaml", s -> s, dev.lifeline.sip.FreePorts.udpAndTcp(),
                Files.createTempDirectory("lifeline-pri"));
        peer = PriPeer.connect("127.0.0.1", gw.gateway().simPort(), "e1a", "net");
        peer.await("^L2 UP", Duration.ofSeconds(10));
        awaitSpan(true);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (peer != null) assertEquals(List.of(), peer.errors(), "libpri saw nothing wrong");
        } finally {
            if (peer != null) peer.close();
            if (gw != null) gw.close();
        }
    }

    private E1Span.Status spanStatus() throws Exception {
        return gw.gateway().engine().call(() -> gw.gateway().priTrunks().get(0).span().status(), 2000);
    }

    private void awaitSpan(boolean up) throws Exception {
        for (int i = 0; i < 200 && spanStatus().up() != up; i++) Thread.sleep(50);
        assertEquals(up, spanStatus().up(), "span " + (up ? "up" : "down") + ": " + spanStatus());
    }

    private boolean spanAlarm() {
        return gw.gateway().localAlarms().stream().anyMatch(a -> "span-down".equals(a.get("id")));
    }

    @Test
    void layerTwoComesUpAfterStartAndAfterLayerOneLossWithEveryChannelIdle() throws Exception {
        start();
        E1Span.Status st = spanStatus();
        assertEquals(30, st.channels().size());
        assertTrue(st.channels().stream().allMatch(c -> c.state().equals("idle")), st.toString());
        assertTrue(!spanAlarm(), "no span alarm while up");
        GatewayProcess.Result up = GatewayProcess.run("status", "--data", gw.dataDir().toString());
        assertTrue(up.out().matches("(?s).*e1a +pri-cpe +UP +MULTIPLE_FRAME_ESTABLISHED +in service +30 idle +-.*"),
                "lifeline status shows the span\n" + up.out() + up.err());
        peer.send("l1 down");
        awaitSpan(false);
        assertTrue(spanAlarm(), "span-down raised: " + gw.gateway().localAlarms());
        GatewayProcess.Result down = GatewayProcess.run("status", "--data", gw.dataDir().toString());
        assertTrue(down.out().contains("alarm span-down (major): e1a: layer 1 DOWN"), down.out() + down.err());
        peer.send("l1 up"); // libpri never saw its link go (no frames were due): our SABME re-establishes it
        awaitSpan(true);
        assertTrue(!spanAlarm(), "span-down cleared");
    }

    @Test
    void analogPhoneCallsOutOverTheSpanWithTheTrunkNumberAndAudioBothWays() throws Exception {
        start();
        VirtualPhone a = gw.phone("fxs1");
        TestGateway.liftAndDial(a, "05555550123");
        Matcher ring = peer.await("^RING (\\d+) ts=(\\d+) called=(\\S*) calling=(\\S*)", Duration.ofSeconds(10));
        String id = ring.group(1);
        assertEquals("5555550123", ring.group(3), "the digits after the outside prefix");
        assertEquals("5555550200", ring.group(4), "fxs1 has no DID of its own: the trunk's number");
        assertTrue(a.awaitTone(ToneKind.RINGBACK, Duration.ofSeconds(8)), "fxs1 hears local ringback while the exchange has said nothing");
        peer.send("alert " + id); // ALERTING with progress indicator 8: the exchange's tones are in-band from now on
        peer.send("tone " + id + " 425");
        assertTrue(FxsCallE2ETest.awaitHears(a, 425), "fxs1 hears the exchange's in-band tone before answer");
        assertTrue(!a.hears(480, Duration.ofMillis(300)), "and no longer the local ringback (440+480 Hz)");
        peer.send("tone " + id + " 0");
        peer.send("answer " + id);
        peer.send("tone " + id + " 1004");
        assertTrue(FxsCallE2ETest.awaitHears(a, 1004), "1 kHz from the exchange reaches fxs1");
        a.playTone(697, -10);
        Thread.sleep(600);
        double level = Double.parseDouble(peer.ask("measure " + id + " 697", "^MEASURE " + id + " hz=697 dbm0=(\\S+)").group(1));
        assertTrue(level > -25, "fxs1's 697 Hz reaches the exchange on timeslot " + ring.group(2) + ": " + level + " dBm0");
        String busyTs = ring.group(2);
        assertEquals(1, gw.gateway().activeCalls());
        a.onHook();
        Matcher hangup = peer.await("^HANGUP " + id + " cause=(\\d+)", S5);
        assertEquals("16", hangup.group(1), "normal clearing");
        Cdr cdr = gw.awaitCdrs(1, S5).get(0);
        assertEquals("outbound", cdr.direction());
        assertEquals("fxs:fxs1", cdr.srcLeg());
        assertEquals("e1:e1a/" + busyTs, cdr.dstLeg(), "the CDR names span and channel");
        assertEquals(16, cdr.q850Cause());
        assertTrue(cdr.answered());
    }

    @Test
    void aCallToADidRingsTheMappedExtensionWithCallerIdAndCarriesAudio() throws Exception {
        start();
        VirtualPhone b = gw.phone("fxs2");
        peer.send("call 5555550201 3125550147");
        String id = peer.await("^CALL (\\d+)", S5).group(1);
        assertTrue(b.awaitRinging(Duration.ofSeconds(8)), "fxs2 (6001, DID 5555550201) rings");
        CallerId cid = b.awaitCallerId(Duration.ofSeconds(8));
        assertNotNull(cid, "fxs2 shows caller ID");
        assertEquals("3125550147", cid.number());
        peer.await("^ALERTING " + id, S5);
        b.offHook();
        peer.await("^CONNECT " + id, S5);
        peer.send("tone " + id + " 1004");
        assertTrue(FxsCallE2ETest.awaitHears(b, 1004), "the exchange's 1 kHz reaches fxs2");
        b.playTone(1336, -10);
        Thread.sleep(600);
        double level = Double.parseDouble(peer.ask("measure " + id + " 1336", "^MEASURE " + id + " hz=1336 dbm0=(\\S+)").group(1));
        assertTrue(level > -25, "fxs2's tone reaches the exchange: " + level);
        peer.send("hangup " + id + " 16");
        assertTrue(b.awaitTone(ToneKind.DISCONNECT, S5) || b.awaitTone(ToneKind.CONGESTION, S5) || b.awaitTone(ToneKind.BUSY, S5),
                "fxs2 hears the far end leave");
        b.onHook();
        Cdr cdr = gw.awaitCdrs(1, S5).get(0);
        assertEquals("inbound", cdr.direction());
        assertEquals("3125550147", cdr.callingNumber());
        assertEquals("fxs:fxs2", cdr.dstLeg());
        assertTrue(cdr.srcLeg().startsWith("e1:e1a/"), cdr.srcLeg());
        assertEquals(16, cdr.q850Cause());
    }

    @Test
    void causesGoBothWays() throws Exception {
        start();
        // 1: a DID nobody has
        peer.send("call 5555559999 3125550147");
        String unknown = peer.await("^CALL (\\d+)", S5).group(1);
        assertEquals("1", peer.await("^HANGUP " + unknown + " cause=(\\d+)", S5).group(1), "unallocated number");
        // 17: the exchange says busy: the phone hears busy, the CDR keeps 17
        VirtualPhone a = gw.phone("fxs1");
        TestGateway.liftAndDial(a, "05555550123");
        String id = peer.await("^RING (\\d+)", Duration.ofSeconds(10)).group(1);
        peer.send("hangup " + id + " 17");
        assertTrue(a.awaitTone(ToneKind.BUSY, S5), "fxs1 hears busy");
        a.onHook();
        // 17 the other way: fxs2 is off hook, a DID call to it is refused busy
        VirtualPhone b = gw.phone("fxs2");
        b.offHook();
        peer.send("call 5555550201 3125550147");
        String toBusy = peer.await("^CALL (\\d+)", S5).group(1);
        assertEquals("17", peer.await("^HANGUP " + toBusy + " cause=(\\d+)", S5).group(1), "user busy");
        b.onHook();
        List<Cdr> cdrs = gw.awaitCdrs(3, S5);
        assertEquals(List.of(1, 17, 17), cdrs.stream().map(Cdr::q850Cause).sorted().toList(), cdrs.toString());
    }
}
