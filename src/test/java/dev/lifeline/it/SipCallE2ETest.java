package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import dev.lifeline.testutil.Await;
import dev.lifeline.testutil.Goertzel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Calls between SIP phones (SIPp as a real peer) and analog phones through the B2BUA. */
@Tag("e2e")
class SipCallE2ETest {

    @Test
    void sippCallsAnAnalogPhoneWhichRingsWithCallerIdAndHearsTheRtp() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            VirtualPhone b = gw.phone("fxs2");
            try (Sipp sipp = Sipp.start("uac-call.xml", gw.sipPort(), caller("6001", "lifeline7000", gw))) {
                assertTrue(b.awaitRinging(Duration.ofSeconds(5)), "fxs2 rings for the SIP call\n" + sipp.output());
                CallerId cid = b.awaitCallerId(Duration.ofSeconds(6));
                assertNotNull(cid, "caller ID decoded");
                assertEquals("7000", cid.number());
                assertEquals("SIPp 7000", cid.name());
                b.offHook();
                Await.until("the pcap's audio heard on fxs2", Duration.ofSeconds(5), () -> {
                    short[] heard = b.heardAudio(Duration.ofSeconds(1));
                    return Goertzel.energy(heard, 0, heard.length) > 1e-4;
                });
                assertEquals(0, sipp.await(30), "SIPp scenario succeeded\n" + sipp.output());
            }
            assertTrue(b.awaitTone(ToneKind.DISCONNECT, Duration.ofSeconds(5)), "fxs2 hears disconnect after BYE");
            b.onHook();
            Cdr cdr = only(gw.awaitCdrs(1, Duration.ofSeconds(3)));
            assertEquals("7000", cdr.callingNumber());
            assertEquals("6001", cdr.calledDialled());
            assertTrue(cdr.srcLeg().startsWith("sip:"), cdr.srcLeg());
            assertEquals("fxs:fxs2", cdr.dstLeg());
            assertTrue(cdr.answered());
            assertEquals(16, cdr.q850Cause());
            assertEquals(200, cdr.sipStatus());
            assertEquals("PCMA", cdr.codec());
            assertNotNull(cdr.rtp(), "RTP stats in the CDR");
            assertTrue(cdr.rtp().packetsReceived() > 50, "RTP received: " + cdr.rtp());
            assertTrue(cdr.rtp().packetsSent() > 50, "RTP sent: " + cdr.rtp());
        }
    }

    @Test
    void aCallerWithoutValidCredentialsCannotPlaceCalls() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            VirtualPhone b = gw.phone("fxs2");
            try (Sipp sipp = Sipp.start("uac-call.xml", gw.sipPort(), caller("6001", "wrong-password", gw))) {
                assertTrue(sipp.await(15) != 0, "the call was refused\n" + sipp.output());
            }
            assertTrue(!b.awaitRinging(Duration.ofMillis(500)), "fxs2 never rang");
            assertEquals(0, gw.cdrs().size(), "no call was set up");
        }
    }

    @Test
    void analogPhoneCallsARegisteredSippPhone() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            VirtualPhone a = gw.phone("fxs1");
            int uasPort = dev.lifeline.sip.FreePorts.udpAndTcp();
            // SIPp echoes the RTP it receives: the analog caller hearing its own 1 kHz come back proves
            // what SIPp saw — the call answered, and the caller's audio arriving at the SIP phone
            try (Sipp uas = Sipp.startOn(uasPort, "uas-answer.xml", gw.sipPort(), "-s", "7001", "-rtp_echo")) {
                register("7001", "lifeline7001", uasPort, gw);
                TestGateway.liftAndDial(a, "7001");
                a.playTone(1000, -10);
                Await.until("fxs1 hears its 1 kHz echoed by the SIP phone", Duration.ofSeconds(8),
                        () -> a.hears(1000, Duration.ofMillis(200)));
                a.onHook();
                assertEquals(0, uas.await(20), "SIPp UAS saw INVITE, ACK and BYE\n" + uas.output());
            }
            Cdr cdr = only(gw.awaitCdrs(1, Duration.ofSeconds(3)));
            assertEquals("6000", cdr.callingNumber());
            assertEquals("7001", cdr.calledDialled());
            assertTrue(cdr.dstLeg().startsWith("sip:7001"), cdr.dstLeg());
            assertTrue(cdr.answered());
            assertEquals(16, cdr.q850Cause());
            assertEquals("PCMU", cdr.codec());
            // the call lasted as long as the echo took to come back: at least 200 ms of audio each way
            assertTrue(cdr.rtp().packetsSent() >= 10, "RTP sent to the SIP phone: " + cdr.rtp());
            assertTrue(cdr.rtp().packetsReceived() >= 10, "RTP echoed back by it: " + cdr.rtp());
        }
    }

    @Test
    void dtmfFromAnAnalogPhoneGoesOutAsRfc4733EventsAndComesBackFromAnEchoingPhone() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            VirtualPhone a = gw.phone("fxs1");
            int uasPort = dev.lifeline.sip.FreePorts.udpAndTcp();
            try (Sipp uas = Sipp.startOn(uasPort, "uas-answer.xml", gw.sipPort(), "-s", "7001", "-rtp_echo")) {
                register("7001", "lifeline7001", uasPort, gw);
                TestGateway.liftAndDial(a, "7001");
                a.playTone(1000, -10);
                Await.until("the call is up (fxs1's 1 kHz comes back from the echoing phone)", Duration.ofSeconds(8),
                        () -> a.hears(1000, Duration.ofMillis(200)));
                a.stopPlaying();
                long before = gw.gateway().dtmfRelayedFromSip();
                a.dialDtmf("9");
                Await.until("the telephone-event sent for the analog digit echoed back and parsed as an RFC 4733 event",
                        Duration.ofSeconds(3), () -> gw.gateway().dtmfRelayedFromSip() > before);
                a.onHook();
            }
        }
    }

    @Test
    void callingAnUnregisteredSipUserGivesReorderAndCause18() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            VirtualPhone a = gw.phone("fxs1");
            TestGateway.liftAndDial(a, "7005");
            assertTrue(a.awaitTone(ToneKind.CONGESTION, Duration.ofSeconds(4)), "reorder for 480");
            a.onHook();
            Cdr cdr = only(gw.awaitCdrs(1, Duration.ofSeconds(3)));
            assertEquals(18, cdr.q850Cause());
            assertEquals(480, cdr.sipStatus());
        }
    }

    @Test
    void sipCallerCancellingStopsTheRingingAndGets487() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            VirtualPhone b = gw.phone("fxs2");
            try (Sipp sipp = Sipp.start("uac-cancel.xml", gw.sipPort(), caller("6001", "lifeline7000", gw))) {
                assertTrue(b.awaitRinging(Duration.ofSeconds(5)), "fxs2 rings\n" + sipp.output());
                assertEquals(0, sipp.await(20), "CANCEL answered 200, INVITE 487\n" + sipp.output());
            }
            Await.until("ringing stopped when the caller cancelled", Duration.ofSeconds(2), () -> !b.isRinging());
            Cdr cdr = only(gw.awaitCdrs(1, Duration.ofSeconds(3)));
            assertTrue(!cdr.answered());
            assertEquals(487, cdr.sipStatus());
            assertEquals(16, cdr.q850Cause());
        }
    }

    @Test
    void sipCallToAnUnassignedNumberGets404AndCause1() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            try (Sipp sipp = Sipp.start("uac-expect-404.xml", gw.sipPort(), caller("6009", "lifeline7000", gw))) {
                assertEquals(0, sipp.await(15), "404 for an unassigned number\n" + sipp.output());
            }
            Cdr cdr = only(gw.awaitCdrs(1, Duration.ofSeconds(3)));
            assertEquals(1, cdr.q850Cause());
            assertEquals(404, cdr.sipStatus());
        }
    }

    @Test
    void sipOverTcpCallsAnAnalogPhone() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            VirtualPhone b = gw.phone("fxs2");
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(caller("6001", "lifeline7000", gw)),
                    java.util.stream.Stream.of("-t", "t1")).toArray(String[]::new);
            try (Sipp sipp = Sipp.start("uac-call.xml", gw.sipPort(), args)) {
                assertTrue(b.awaitRinging(Duration.ofSeconds(5)), "fxs2 rings for a call over TCP\n" + sipp.output());
                b.offHook();
                assertEquals(0, sipp.await(30), "the whole call over TCP\n" + sipp.output());
            }
            b.onHook();
            Cdr cdr = only(gw.awaitCdrs(1, Duration.ofSeconds(3)));
            assertTrue(cdr.answered());
            assertEquals(16, cdr.q850Cause());
        }
    }

    @Test
    void busySipPhoneGivesBusyToneAndCause17() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            VirtualPhone a = gw.phone("fxs1");
            int uasPort = dev.lifeline.sip.FreePorts.udpAndTcp();
            try (Sipp uas = Sipp.startOn(uasPort, "uas-busy.xml", gw.sipPort(), "-s", "7002")) {
                register("7002", "lifeline7002", uasPort, gw);
                TestGateway.liftAndDial(a, "7002");
                assertTrue(a.awaitTone(ToneKind.BUSY, Duration.ofSeconds(5)), "busy tone for 486");
                a.onHook();
                assertEquals(0, uas.await(10), uas.output());
            }
            Cdr cdr = only(gw.awaitCdrs(1, Duration.ofSeconds(3)));
            assertEquals(17, cdr.q850Cause());
            assertEquals(486, cdr.sipStatus());
        }
    }

    @Test
    void callToATwiceRegisteredUserForksAndTheLoserIsCancelled() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            VirtualPhone a = gw.phone("fxs1");
            int answerPort = dev.lifeline.sip.FreePorts.udpAndTcp();
            int ringPort = dev.lifeline.sip.FreePorts.udpAndTcp();
            try (Sipp answering = Sipp.startOn(answerPort, "uas-answer.xml", gw.sipPort(), "-s", "7003");
                 Sipp ringing = Sipp.startOn(ringPort, "uas-ring-cancel.xml", gw.sipPort(), "-s", "7003")) {
                register("7003", "lifeline7003", answerPort, gw, 1);
                register("7003", "lifeline7003", ringPort, gw, 2);
                TestGateway.liftAndDial(a, "7003");
                assertEquals(0, ringing.await(15), "the other contact was CANCELled\n" + ringing.output());
                a.onHook();
                assertEquals(0, answering.await(15), "the first to answer got the call and the BYE\n" + answering.output());
            }
            Cdr cdr = only(gw.awaitCdrs(1, Duration.ofSeconds(3)));
            assertTrue(cdr.answered());
            assertEquals(200, cdr.sipStatus());
        }
    }

    @Test
    void sipToSipCallIsAnchoredOnTheGateway() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            int uasPort = dev.lifeline.sip.FreePorts.udpAndTcp();
            try (Sipp uas = Sipp.startOn(uasPort, "uas-answer.xml", gw.sipPort(), "-s", "7001")) {
                register("7001", "lifeline7001", uasPort, gw);
                try (Sipp uac = Sipp.start("uac-call.xml", gw.sipPort(), caller("7001", "lifeline7000", gw))) {
                    assertEquals(0, uac.await(30), "7000 called 7001 through the B2BUA\n" + uac.output());
                }
                assertEquals(0, uas.await(10), uas.output());
            }
            Cdr cdr = only(gw.awaitCdrs(1, Duration.ofSeconds(3)));
            assertTrue(cdr.srcLeg().startsWith("sip:") && cdr.dstLeg().startsWith("sip:7001"), cdr.srcLeg() + " " + cdr.dstLeg());
            assertTrue(cdr.answered());
            assertEquals(16, cdr.q850Cause());
            assertTrue(cdr.rtp().packetsReceived() > 50, "the caller's RTP reached the gateway: " + cdr.rtp());
            assertTrue(cdr.rtp().packetsSent() > 50, "and RTP went back to the caller: " + cdr.rtp());
        }
    }

    @Test
    void holdAndResumeByReinviteFromTheSipSide() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            VirtualPhone b = gw.phone("fxs2");
            try (Sipp sipp = Sipp.start("uac-hold.xml", gw.sipPort(), caller("6001", "lifeline7000", gw))) {
                assertTrue(b.awaitRinging(Duration.ofSeconds(5)), sipp.output());
                b.offHook();
                b.playTone(1000, -10);
                assertEquals(0, sipp.await(30), "hold (recvonly), inactive and resume (sendrecv) answered\n" + sipp.output());
            }
            b.onHook();
            Cdr cdr = only(gw.awaitCdrs(1, Duration.ofSeconds(3)));
            assertTrue(cdr.answered());
            long talkPackets = cdr.billableSec() * 50;
            assertTrue(cdr.rtp().packetsSent() < talkPackets * 3 / 4,
                    "no RTP sent while held: " + cdr.rtp().packetsSent() + " of " + talkPackets);
            assertTrue(cdr.rtp().packetsSent() > 150, "RTP before hold and after resume: " + cdr.rtp());
        }
    }

    /** SIPp arguments for phone 7000 calling {@code service}: digest credentials, digest-uri = the Request-URI. */
    static String[] caller(String service, String password, TestGateway gw) {
        return new String[] {"-s", service, "-au", "7000", "-ap", password,
                "-auth_uri", service + "@127.0.0.1:" + gw.sipPort()};
    }

    /** Registers {@code ext} with digest auth, with its contact on {@code contactPort}. */
    static void register(String ext, String password, int contactPort, TestGateway gw) throws Exception {
        register(ext, password, contactPort, gw, 1);
    }

    static void register(String ext, String password, int contactPort, TestGateway gw, int expectedContacts) throws Exception {
        try (Sipp reg = Sipp.start("register-as.xml", gw.sipPort(), "-s", ext, "-au", ext, "-ap", password,
                "-key", "contact_port", String.valueOf(contactPort))) {
            assertEquals(0, reg.await(15), "REGISTER with digest auth succeeded\n" + reg.output());
        }
        assertEquals(expectedContacts, gw.gateway().registeredContacts(ext), ext + " registered");
    }

    private static Cdr only(List<Cdr> cdrs) {
        assertEquals(1, cdrs.size(), "exactly one CDR: " + cdrs);
        return cdrs.get(0);
    }
}
