package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.rig.audio.Wav;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.util.Json;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees when someone sends into a live SRTP call's media port (issue #15): baresip
 * with mandatory SRTP calls fxs2; while the call is up a crafted sender (another UDP socket, as an
 * attacker on the LAN would be) sends tampered copies of baresip's SRTP packets (new sequence
 * numbers, so they fail authentication rather than the replay check) and replays of a genuine one
 * taken from a capture. The gateway drops them all, the call goes on, and the counts show in
 * {@code lifeline calls} while it runs, in {@code lifeline status} as totals since start, and in
 * the call's CDR as {@code lifeline cdr} reads it back from the journal (in the JSON shape the
 * controller gets).
 */
@Tag("e2e")
class SrtpDropsE2ETest {
    static final int TAMPERED = 20, REPLAYED = 5;

    @Test
    void droppedSrtpPacketsAreCountedInCallsStatusAndTheCdr() throws Exception {
        Path wav = Files.createTempFile("tone", ".wav");
        short[] tone = new short[8000 * 30];
        for (int i = 0; i < tone.length; i++) tone[i] = (short) (6000 * Math.sin(2 * Math.PI * 1500 * i / 8000.0));
        Wav.write(wav, tone);
        try (TestGateway gw = TestGateway.start("demo.yaml", BaresipSrtpE2ETest.mandatory7000());
             Baresip phone = Baresip.start("7000", "lifeline7000", gw.sipPort(), wav, "srtp-mand")) {
            BaresipE2ETest.awaitRegistration(gw, phone);
            VirtualPhone b = gw.phone("fxs2");
            List<LoopbackCapture.Datagram> wire;
            try (LoopbackCapture cap = LoopbackCapture.start()) {
                phone.command("dial", "sip:6001@127.0.0.1:" + gw.sipPort());
                assertTrue(b.awaitRinging(Duration.ofSeconds(5)), "fxs2 rings for the SRTP call\n" + phone.log());
                b.offHook();
                assertTrue(BaresipE2ETest.awaitHears(b, 1500, Duration.ofSeconds(8)), "baresip's tone heard on fxs2\n" + phone.log());
                Thread.sleep(2000); // tcpdump hands packets over in blocks (1 s timeout); stopped sooner it writes none
                wire = cap.stop();
            }
            int[] ports = sdpPorts(wire, gw.sipPort()); // {baresip, gateway}
            byte[] genuine = wire.stream().filter(d -> d.srcPort() == ports[0] && d.dstPort() == ports[1] && d.payload().length >= 172)
                    .reduce((x, y) -> y).orElseThrow(() -> new AssertionError("no SRTP packet from baresip captured")).payload();
            try (DatagramSocket attacker = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                InetSocketAddress target = new InetSocketAddress("127.0.0.1", ports[1]);
                for (int i = 0; i < TAMPERED; i++) {
                    byte[] p = genuine.clone();
                    int seq = ((p[2] & 0xFF) << 8 | p[3] & 0xFF) + 3000 + i; // ahead of the stream: not a replay
                    p[2] = (byte) (seq >> 8);
                    p[3] = (byte) seq;
                    p[20] ^= 0x5A; // and a payload byte changed
                    attacker.send(new DatagramPacket(p, p.length, target));
                }
                for (int i = 0; i < REPLAYED; i++) attacker.send(new DatagramPacket(genuine, genuine.length, target));
            }
            Thread.sleep(500);
            assertTrue(BaresipE2ETest.awaitHears(b, 1500, Duration.ofSeconds(3)), "the call goes on after the attack");

            String data = gw.dataDir().toString();
            GatewayProcess.Result calls = GatewayProcess.run("calls", "--json", "--data", data);
            assertEquals(0, calls.exitCode(), calls.err());
            @SuppressWarnings("unchecked")
            var call = ((List<Map<String, Object>>) Json.parse(calls.out())).get(0);
            @SuppressWarnings("unchecked")
            var leg = ((List<Map<String, Object>>) call.get("srtp")).get(0);
            assertDrops(leg.get("authFailures"), leg.get("replays"), "live call in 'calls': " + call);
            GatewayProcess.Result text = GatewayProcess.run("calls", "--data", data);
            assertTrue(text.out().contains("auth failed"), text.out());
            GatewayProcess.Result status = GatewayProcess.run("status", "--data", data);
            assertTrue(status.out().contains("srtp since start:"), status.out());

            b.onHook();
            Map<String, Object> cdr = awaitCdr(data);
            @SuppressWarnings("unchecked")
            var rtp = (Map<String, Object>) cdr.get("rtp");
            assertNotNull(rtp.get("srtp"), "the CDR names the SRTP suite: " + cdr);
            assertEquals(leg.get("suite"), rtp.get("srtp"));
            assertDrops(rtp.get("srtpAuthFailures"), rtp.get("srtpReplays"), "CDR: " + cdr);
            assertTrue(GatewayProcess.run("cdr", "--data", data).out().contains(String.valueOf(rtp.get("srtp"))), "the cdr view shows it");
            System.out.printf("SRTP drops seen: CDR %s failing authentication, %s replays (sent %d tampered, %d replayed)%n",
                    rtp.get("srtpAuthFailures"), rtp.get("srtpReplays"), TAMPERED, REPLAYED);
        }
    }

    /**
     * Every tampered packet fails authentication and every replay is caught. baresip 1.0 may send
     * a clear RTCP packet or two at set-up, which the gateway rightly counts as failing too.
     */
    private static void assertDrops(Object auth, Object replays, String where) {
        long a = ((Number) auth).longValue(), r = ((Number) replays).longValue();
        assertTrue(a >= TAMPERED && a <= TAMPERED + 4, "auth failures " + a + " in " + where);
        assertEquals(REPLAYED, r, "replays in " + where);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitCdr(String data) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            GatewayProcess.Result r = GatewayProcess.run("cdr", "--json", "--limit", "1", "--data", data);
            if (r.exitCode() == 0 && Json.parse(r.out()) instanceof List<?> l && !l.isEmpty()) {
                Map<String, Object> c = (Map<String, Object>) l.get(0);
                if (c.get("rtp") != null) return c;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no CDR with RTP statistics");
    }

    /** The RTP ports of the INVITE's SDP (baresip) and of the 200's (the gateway), from clear SIP on the wire. */
    private static int[] sdpPorts(List<LoopbackCapture.Datagram> wire, int sipPort) throws Exception {
        LoopbackCapture.OfferAnswer sdp = LoopbackCapture.offerAndAnswer(wire, sipPort);
        return new int[] {sdp.offer().audio().port(), sdp.answer().audio().port()};
    }
}
