package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
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
            try (Sipp sipp = Sipp.start("uac-call.xml", gw.sipPort(), "-s", "6001")) {
                assertTrue(b.awaitRinging(Duration.ofSeconds(5)), "fxs2 rings for the SIP call\n" + sipp.output());
                CallerId cid = b.awaitCallerId(Duration.ofSeconds(6));
                assertNotNull(cid, "caller ID decoded");
                assertEquals("7000", cid.number());
                assertEquals("SIPp 7000", cid.name());
                b.offHook();
                Thread.sleep(1500);
                short[] heard = b.heardAudio(Duration.ofSeconds(1));
                assertTrue(Goertzel.energy(heard, 0, heard.length) > 1e-4, "the pcap's audio is heard on fxs2");
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
    void analogPhoneCallsARegisteredSippPhone() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            VirtualPhone a = gw.phone("fxs1");
            int uasPort = dev.lifeline.sip.FreePorts.udpAndTcp();
            try (Sipp uas = Sipp.startOn(uasPort, "uas-answer.xml", gw.sipPort(), "-s", "7001")) {
                register("7001", "lifeline7001", uasPort, gw);
                a.offHook();
                assertTrue(a.awaitTone(ToneKind.DIAL, Duration.ofSeconds(3)));
                a.dialDtmf("7001");
                Thread.sleep(3000);
                a.playTone(1000, -10);
                Thread.sleep(1000);
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
            assertTrue(cdr.rtp().packetsSent() > 50, "RTP sent to the SIP phone: " + cdr.rtp());
        }
    }

    @Test
    void callingAnUnregisteredSipUserGivesReorderAndCause18() throws Exception {
        try (TestGateway gw = TestGateway.demo()) {
            VirtualPhone a = gw.phone("fxs1");
            a.offHook();
            assertTrue(a.awaitTone(ToneKind.DIAL, Duration.ofSeconds(3)));
            a.dialDtmf("7005");
            assertTrue(a.awaitTone(ToneKind.CONGESTION, Duration.ofSeconds(4)), "reorder for 480");
            a.onHook();
            Cdr cdr = only(gw.awaitCdrs(1, Duration.ofSeconds(3)));
            assertEquals(18, cdr.q850Cause());
            assertEquals(480, cdr.sipStatus());
        }
    }

    /** Registers {@code ext} with digest auth, with its contact on {@code contactPort}. */
    static void register(String ext, String password, int contactPort, TestGateway gw) throws Exception {
        try (Sipp reg = Sipp.start("register-as.xml", gw.sipPort(), "-s", ext, "-au", ext, "-ap", password,
                "-key", "contact_port", String.valueOf(contactPort))) {
            assertEquals(0, reg.await(15), "REGISTER with digest auth succeeded\n" + reg.output());
        }
        assertEquals(1, gw.gateway().registeredContacts(ext), ext + " registered");
    }

    private static Cdr only(List<Cdr> cdrs) {
        assertEquals(1, cdrs.size(), "exactly one CDR: " + cdrs);
        return cdrs.get(0);
    }
}
