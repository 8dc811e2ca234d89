package dev.lifeline.mgmt.cwmp;

import static dev.lifeline.mgmt.cwmp.CwmpRig.VS;
import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.config.SrtpPolicy;
import dev.lifeline.it.Baresip;
import dev.lifeline.it.HqSite;
import dev.lifeline.it.KamailioHq;
import dev.lifeline.it.TestGateway;
import dev.lifeline.rig.acs.ReferenceAcs;
import dev.lifeline.rig.audio.Wav;
import dev.lifeline.rig.phone.VirtualPhone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The TR-104 objects beyond lines and accounts, over the reference ACS against a real gateway:
 * a SIP account made by AddObject + SetParameterValues that a real phone (baresip, digest auth)
 * registers with and takes a call on, whose RTP statistics then show in the call log's
 * {@code Session.1.}; stable account instance numbers across DeleteObject and restarts; and the
 * SIP client (a line's HQ identity, with Kamailio as HQ), extension, network and VoIP profile
 * parameters written through the versioned config, or refused with the right fault codes.
 */
@Tag("e2e")
class CwmpModelE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ACCOUNTS = VS + "SIP.Registrar.1.Account.";
    private CwmpRig rig;

    @AfterEach
    void stop() {
        if (rig == null) return;
        List<String> problems = rig.acs.problems();
        rig.close();
        assertEquals(List.of(), problems, "every message the agent sent is valid CWMP");
    }

    private Element call(String rpc) throws Exception {
        CompletableFuture<Element> f = rig.acs.queue(rpc);
        rig.clock.advance(ConnectionRequestServer.MIN_ACCEPT_GAP_MS); // the server takes one request a second
        assertEquals(200, rig.connectionRequest());
        ReferenceAcs.Inform cr = rig.acs.awaitInform(WAIT);
        assertNotNull(cr, "a connection request opens a session");
        return f.get(10, TimeUnit.SECONDS);
    }

    private Map<String, String> get(String... names) throws Exception {
        Element r = call(CwmpRig.gpv(names));
        assertEquals("GetParameterValuesResponse", r.getLocalName(), () -> r.getTextContent());
        return CwmpRig.values(r, false);
    }

    private Element set(String key, String... nameTypeValue) throws Exception {
        return call(CwmpRig.spv(key, nameTypeValue));
    }

    private String faultCode(Element answer) {
        Element f = CwmpRig.cwmpFault(answer);
        assertNotNull(f, () -> "a fault, not " + answer.getLocalName());
        return ReferenceAcs.text(f, "FaultCode");
    }

    private void started() throws Exception {
        assertNotNull(rig.acs.awaitInform(WAIT), "the gateway informs its ACS at start");
        long end = System.nanoTime() + WAIT.toNanos();
        while (rig.agent().sessionsCompleted() < 1 && System.nanoTime() < end) Thread.sleep(20);
    }

    private static String addObject(String object, String key) {
        return "<cwmp:AddObject><ObjectName>" + object + "</ObjectName><ParameterKey>" + key + "</ParameterKey></cwmp:AddObject>";
    }

    private static String deleteObject(String object, String key) {
        return "<cwmp:DeleteObject><ObjectName>" + object + "</ObjectName><ParameterKey>" + key + "</ParameterKey></cwmp:DeleteObject>";
    }

    @Test
    void anAccountMadeByAddObjectRegistersARealPhoneThatTakesACallWhoseRtpIsLogged() throws Exception {
        // baresip 1.0 refuses a challenge list that includes SHA-256 (BaresipE2ETest): the site offers MD5 only
        rig = CwmpRig.withSite(s -> s.replace("  tcp-port: 5060", "  tcp-port: 5060\n  digest-algorithms: [MD5]"));
        started();
        Element added = call(addObject(ACCOUNTS, "add-1"));
        assertEquals("11", ReferenceAcs.text(added, "InstanceNumber"), () -> added.getTextContent());
        Element setAnswer = set("add-2", ACCOUNTS + "11.URI", "xsd:string", "sip:7010@demo-branch",
                ACCOUNTS + "11.AuthPassword", "xsd:string", "fresh-7010-pw");
        assertEquals("SetParameterValuesResponse", setAnswer.getLocalName(), () -> setAnswer.getTextContent());
        assertEquals(1, rig.gateway.configVersion());

        Path wav = Files.createTempFile("tone1500", ".wav");
        short[] tone = new short[8000 * 20];
        for (int i = 0; i < tone.length; i++) tone[i] = (short) (6000 * Math.sin(2 * Math.PI * 1500 * i / 8000.0));
        Wav.write(wav, tone);
        try (Baresip phone = Baresip.start("7010", "fresh-7010-pw", rig.gateway.sipPort(), wav)) {
            long end = System.nanoTime() + WAIT.toNanos();
            while (rig.gateway.registeredContacts("7010") == 0) {
                if (System.nanoTime() > end) fail("baresip did not register with the account the ACS made\n" + phone.log());
                Thread.sleep(100);
            }
            Map<String, String> v = get(ACCOUNTS + "11.", VS + "CallControl.Extension.15.");
            assertEquals("Registered", v.get(ACCOUNTS + "11.RegistrationStatus"));
            assertEquals("7010", v.get(VS + "CallControl.Extension.15.ExtensionNumber"), "extension = 4 lines + account 11");
            assertEquals(ACCOUNTS + "11", v.get(VS + "CallControl.Extension.15.Provider"));

            try (VirtualPhone caller = VirtualPhone.connect("127.0.0.1", rig.gateway.simPort(), "fxs1", "us")) {
                Thread.sleep(100);
                TestGateway.liftAndDial(caller, "7010");
                assertTrue(hears(caller, 1500, Duration.ofSeconds(8)), "baresip answered and its tone is heard on fxs1\n" + phone.log());
                Thread.sleep(2_000);
                caller.onHook();
            }
        }
        rig.gateway.flushCdrs();
        Element names = call(CwmpRig.gpn(VS + "CallLog.", false));
        Element values = call(CwmpRig.gpv(VS + "CallLog."));
        assertEquals(List.of(), Tr104ModelTest.notInTr104(CwmpRig.names(names), CwmpRig.values(values, true)),
                "the call log with its session is TR-104's");
        Map<String, String> v = CwmpRig.values(values, false);
        String log = VS + "CallLog.1.", s = log + "Session.1.";
        assertEquals(VS + "CallControl.Line.1", v.get(log + "Source"));
        assertEquals(VS + "CallControl.Extension.15", v.get(log + "Destination"));
        assertEquals("1", v.get(log + "SessionNumberOfEntries"));
        assertEquals("Audio", v.get(s + "StreamType"));
        String rtp = s + "Destination.RTP.";
        long received = Long.parseLong(v.get(rtp + "PacketsReceived"));
        long sent = Long.parseLong(v.get(rtp + "PacketsSent"));
        assertTrue(received > 50 && sent > 50, "about 2 s of 20 ms packets each way: received " + received + ", sent " + sent);
        assertEquals("0", v.get(rtp + "PacketsDiscarded"), "no SRTP drops");
        int loss = Integer.parseInt(v.get(rtp + "ReceivePacketLossRate"));
        assertTrue(loss >= 0 && loss <= 5, "loopback loses (almost) nothing: " + loss + "%");
        assertTrue(Integer.parseInt(v.get(rtp + "ReceiveInterarrivalJitter")) >= 0);
        assertEquals("8000", v.get(rtp + "SamplingFrequency"));
        assertFalse(v.containsKey(s + "Source.RTP.PacketsReceived"), "the analog side has no RTP");
    }

    @Test
    void accountNumbersStayAcrossDeleteObjectRenumberingAndRestartsAndAreNeverReused() throws Exception {
        rig = new CwmpRig();
        started();
        Element deleted = call(deleteObject(ACCOUNTS + "2.", "del-2"));
        assertEquals("DeleteObjectResponse", deleted.getLocalName(), () -> deleted.getTextContent());
        assertTrue(rig.gateway.site().userByExtension("7001").isEmpty(), "account 2 was 7001");
        assertEquals("sip:7002@demo-branch", get(ACCOUNTS + "3.URI").get(ACCOUNTS + "3.URI"), "account 3 stays 3");
        assertEquals("9005", faultCode(call(CwmpRig.gpv(ACCOUNTS + "2."))), "account 2 is gone, not refilled");
        assertEquals("9", get(VS + "SIP.Registrar.1.AccountNumberOfEntries").get(VS + "SIP.Registrar.1.AccountNumberOfEntries"));

        Element renumbered = set("ren-3", ACCOUNTS + "3.URI", "xsd:string", "sip:7102@demo-branch");
        assertEquals("SetParameterValuesResponse", renumbered.getLocalName(), () -> renumbered.getTextContent());
        assertEquals("sip:7102@demo-branch", get(ACCOUNTS + "3.URI").get(ACCOUNTS + "3.URI"), "a renumbered account keeps its instance");
        Element byExtension = set("ren-4", VS + "CallControl.Extension.8.ExtensionNumber", "xsd:string", "7103");
        assertEquals("SetParameterValuesResponse", byExtension.getLocalName(), () -> byExtension.getTextContent());
        assertEquals("sip:7103@demo-branch", get(ACCOUNTS + "4.URI").get(ACCOUNTS + "4.URI"), "Extension.8 is account 4");

        rig.restart();
        assertNotNull(rig.acs.awaitInform(WAIT));
        Map<String, String> v = get(ACCOUNTS);
        assertEquals("sip:7102@demo-branch", v.get(ACCOUNTS + "3.URI"), "numbers survive a restart");
        assertEquals("sip:7103@demo-branch", v.get(ACCOUNTS + "4.URI"));
        assertEquals("sip:7009@demo-branch", v.get(ACCOUNTS + "10.URI"));
        assertFalse(v.containsKey(ACCOUNTS + "2.URI"));

        Element added = call(addObject(ACCOUNTS, "add-1"));
        assertEquals("11", ReferenceAcs.text(added, "InstanceNumber"), "a new account never takes the deleted 2");
        set("add-2", ACCOUNTS + "11.URI", "xsd:string", "sip:7011@demo-branch", ACCOUNTS + "11.AuthPassword", "xsd:string", "pw-7011");
        call(deleteObject(ACCOUNTS + "11.", "del-11"));
        rig.restart();
        assertNotNull(rig.acs.awaitInform(WAIT));
        assertEquals("12", ReferenceAcs.text(call(addObject(ACCOUNTS, "add-3")), "InstanceNumber"), "nor the deleted 11, after a restart");
    }

    @Test
    void clientExtensionNetworkAndProfileWritesGoThroughTheVersionedConfigOrAreRefused() throws Exception {
        try (KamailioHq hq = KamailioHq.start("demo-branch")) {
            // fxs1 starts with a password HQ refuses: the ACS's write is what makes it register
            rig = CwmpRig.withSite(s -> HqSite.viaHq(s).replace("password: \"lifeline6000\"", "password: \"not-the-one\"")
                    .replace("# no upstream (HQ) and no controller: the demo gateway runs stand-alone", """
                            upstream:
                              servers: [ { host: 127.0.0.1, port: %d } ]
                            """.formatted(hq.port())));
            started();
            awaitLine("fxs2", "REGISTERED");
            String c1 = VS + "SIP.Client.1.", c2 = VS + "SIP.Client.2.", net = VS + "SIP.Network.1.";
            String prof = VS + "VoIPProfile.1.";
            Map<String, String> v = get(c1, c2, net, prof);
            assertEquals("Up", v.get(c2 + "Status"), "fxs2 registered at HQ");
            assertNotEquals("Up", v.get(c1 + "Status"), "HQ refuses fxs1's password");
            assertEquals("sip:6000@127.0.0.1", v.get(c1 + "RegisterURI"), "the AOR domain: the HQ server's host");
            assertEquals("6000", v.get(c1 + "AuthUserName"));
            assertEquals("", v.get(c1 + "AuthPassword"), "write-only");
            assertEquals(VS + "SIP.Network.1", v.get(c1 + "Network"));
            assertEquals(String.valueOf(hq.port()), v.get(net + "RegistrarServerPort"));
            assertEquals("RFC4733", v.get(prof + "DTMFMethod"));
            assertEquals("true", v.get(prof + "RTP.SRTP.Enable"), "sip.srtp optional by default");

            // refused: nothing changes
            Element refused = set("bad-1", c1 + "RegisterURI", "xsd:string", "sip:6000@elsewhere.example",
                    c1 + "Status", "xsd:string", "Up", prof + "RTP.LocalPortMin", "xsd:unsignedInt", "20000",
                    c2 + "AuthPassword", "xsd:string", "");
            assertEquals("9003", faultCode(refused));
            assertEquals(Map.of(c1 + "RegisterURI", "9007", c1 + "Status", "9008", prof + "RTP.LocalPortMin", "9007",
                    c2 + "AuthPassword", "9007"), CwmpRig.parameterFaults(CwmpRig.cwmpFault(refused)));
            assertEquals(0, rig.gateway.configVersion(), "a refused Set changes nothing");
            assertEquals("9004", faultCode(call(addObject(VS + "SIP.Client.", "add-c"))), "clients are the lines' HQ identities");
            assertEquals("9001", faultCode(call(deleteObject(prof, "del-p"))), "the gateway's one profile stays");

            // applied: one new version, a restart for what is read at start
            Element ok = set("good-1", c1 + "AuthPassword", "xsd:string", "lifeline6000",
                    prof + "RTP.SRTP.Enable", "xsd:boolean", "false",
                    VS + "CallControl.Extension.2.Name", "xsd:string", "Back office",
                    net + "RegisterExpires", "xsd:unsignedInt", "300");
            assertEquals("SetParameterValuesResponse", ok.getLocalName(), () -> ok.getTextContent());
            assertEquals("1", ReferenceAcs.text(ok, "Status"), "HQ registrations and SRTP policy take a restart");
            assertEquals(1, rig.gateway.configVersion());
            assertEquals("Back office", rig.gateway.site().lines().get("fxs2").name(), "a name is live");
            assertEquals(SrtpPolicy.OFF, rig.gateway.site().sip().srtp());
            assertEquals(300, rig.gateway.site().upstream().registerExpires());
            assertEquals("lifeline6000", rig.gateway.site().lines().get("fxs1").upstream().password());

            rig.restart();
            assertNotNull(rig.acs.awaitInform(WAIT));
            awaitLine("fxs1", "REGISTERED");
            v = get(c1 + "Status", prof + "RTP.SRTP.Enable", net + "RegisterExpires");
            assertEquals("Up", v.get(c1 + "Status"), "fxs1 registers at HQ with the password the ACS set\n" + hq.log());
            assertEquals("false", v.get(prof + "RTP.SRTP.Enable"));
            assertEquals("300", v.get(net + "RegisterExpires"));
            assertEquals(1, rig.gateway.configVersion(), "the stored version runs after the restart");
        }
    }

    private void awaitLine(String line, String state) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < end) {
            if (rig.gateway.upstreamRegistrations().stream()
                    .anyMatch(r -> line.equals(r.get("line")) && state.equals(String.valueOf(r.get("state"))))) return;
            Thread.sleep(100);
        }
        fail(line + " is not " + state + " at HQ: " + rig.gateway.upstreamRegistrations());
    }

    private static boolean hears(VirtualPhone p, double freq, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (p.hears(freq, Duration.ofMillis(200))) return true;
            Thread.sleep(50);
        }
        return false;
    }
}
