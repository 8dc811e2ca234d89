package dev.lifeline.mgmt.cwmp;

import static dev.lifeline.mgmt.cwmp.CwmpRig.VS;
import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.it.TestGateway;
import dev.lifeline.rig.acs.ReferenceAcs;
import dev.lifeline.rig.phone.VirtualPhone;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The TR-069 agent of a real gateway against the reference ACS over real HTTP: bootstrap and
 * boot Informs, periodic Inform on the injected clock, connection requests with digest, reading
 * the tree, an atomic SetParameterValues that renumbers a line (which then rings on the new
 * number), a refused one that changes nothing, and an active notification. Every message the
 * agent sends is checked against cwmp-1-4.xsd by the ACS.
 */
class CwmpAgentE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private CwmpRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = new CwmpRig();
    }

    @AfterEach
    void stop() {
        List<String> problems = rig.acs.problems();
        int checked = rig.acs.messagesChecked();
        rig.close();
        assertEquals(List.of(), problems, "every message the agent sent is valid CWMP and sessions kept their cookie");
        assertTrue(checked > 0, "the ACS checked messages");
    }

    private ReferenceAcs.Inform bootstrap() throws Exception {
        ReferenceAcs.Inform first = rig.acs.awaitInform(WAIT);
        assertNotNull(first, "the gateway informs its ACS at start");
        return first;
    }

    private Element call(String rpc) throws Exception {
        CompletableFuture<Element> f = rig.acs.queue(rpc);
        rig.clock.advance(ConnectionRequestServer.MIN_ACCEPT_GAP_MS); // the server takes one request a second
        assertEquals(200, rig.connectionRequest());
        ReferenceAcs.Inform cr = rig.acs.awaitInform(WAIT);
        assertNotNull(cr, "a connection request opens a session");
        assertTrue(cr.events().containsKey("6 CONNECTION REQUEST"), cr.events().toString());
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void firstContactIsBootstrapAndARestartIsBootOnly() throws Exception {
        ReferenceAcs.Inform first = bootstrap();
        assertEquals(List.of("0 BOOTSTRAP", "1 BOOT"), first.events().keySet().stream().sorted().toList());
        assertEquals(0, first.retryCount());
        Map<String, String> p = first.params();
        assertEquals(rig.agent().connectionRequestUrl(), p.get("Device.ManagementServer.ConnectionRequestURL"));
        assertTrue(p.containsKey("Device.DeviceInfo.SoftwareVersion"), p.toString());
        assertEquals("sim-4fxs-2fxo", p.get("Device.DeviceInfo.HardwareVersion"));
        assertEquals("", p.get("Device.ManagementServer.ParameterKey"));
        awaitSessions(1);

        rig.restart();
        ReferenceAcs.Inform again = rig.acs.awaitInform(WAIT);
        assertNotNull(again);
        assertEquals(List.of("1 BOOT"), List.copyOf(again.events().keySet()), "the ACS is known: no BOOTSTRAP after a restart");
    }

    @Test
    void periodicInformFollowsTheInjectedClock() throws Exception {
        bootstrap();
        awaitSessions(1);
        assertNull(rig.acs.awaitInform(Duration.ofMillis(700)), "nothing before the interval");
        rig.clock.advance(3_600_000);
        ReferenceAcs.Inform periodic = rig.acs.awaitInform(WAIT);
        assertNotNull(periodic, "an hour later the gateway informs");
        assertEquals(List.of("2 PERIODIC"), List.copyOf(periodic.events().keySet()));
    }

    @Test
    void connectionRequestNeedsDigestAndListsTheWholeTree() throws Exception {
        bootstrap();
        awaitSessions(1);
        assertEquals(401, ReferenceAcs.connectionRequest(rig.agent().connectionRequestUrl(), CwmpRig.CR_USER, "wrong-password"));
        rig.clock.advance(ConnectionRequestServer.MIN_ACCEPT_GAP_MS);
        assertEquals(200, rig.connectionRequest());
        assertEquals(503, rig.connectionRequest(), "a second request within a second is refused");
        assertNotNull(rig.acs.awaitInform(WAIT));
        awaitSessions(2);
        Map<String, Boolean> names = CwmpRig.names(call(CwmpRig.gpn("", false)));
        assertEquals(Boolean.TRUE, names.get(VS + "CallControl.Line.4.DirectoryNumber"));
        assertEquals(Boolean.FALSE, names.get(VS + "POTS.FXS.4.Status"));
        assertEquals(Boolean.TRUE, names.get(VS + "SIP.Registrar.1.Account.10.AuthPassword"));
        assertTrue(names.containsKey("Device.ManagementServer.URL"));
        assertTrue(names.containsKey(VS + "CallControl.Line."), "objects are listed too");
        assertNull(names.get(VS + "SIP.Registrar.1.Account.11.URI"), "the demo has ten SIP users");
        assertEquals(Boolean.FALSE, names.get(VS + "POTS.FXO.2.Name"), "the board's two FXO ports");
        assertEquals(Boolean.FALSE, names.get(VS + "Capabilities.Codec.2.Codec"));
        assertEquals(Boolean.FALSE, names.get(VS + "Capabilities.Codec.3.Codec"), "G.722 of sip.codecs' default list");
        assertNull(names.get(VS + "Capabilities.Codec.4.Codec"), "Opus has no TR-104 2.0.0 name, so it is not listed");
        assertEquals(Boolean.TRUE, names.get(VS + "CodecProfile.1.PacketizationPeriod"));

        Map<String, Boolean> next = CwmpRig.names(call(CwmpRig.gpn(VS + "POTS.", true)));
        assertEquals(java.util.Set.of(VS + "POTS.FXS.", VS + "POTS.FXO.", VS + "POTS.FXONumberOfEntries", VS + "POTS.FXSNumberOfEntries"),
                next.keySet(), "NextLevel lists direct children only");

        Map<String, String> v = CwmpRig.values(call(CwmpRig.gpv(VS + "SIP.Registrar.1.Account.1.")), false);
        assertEquals("sip:7000@demo-branch", v.get(VS + "SIP.Registrar.1.Account.1.URI"));
        assertEquals("", v.get(VS + "SIP.Registrar.1.Account.1.AuthPassword"), "passwords read back empty");
    }

    @Test
    void setParameterValuesRenumbersALineAtomicallyAndItRingsOnTheNewNumber() throws Exception {
        bootstrap();
        awaitSessions(1);
        Element answer = call(CwmpRig.spv("renumber-1", VS + "CallControl.Line.4.DirectoryNumber", "xsd:string", "6013"));
        assertEquals("SetParameterValuesResponse", answer.getLocalName(), () -> answer.getTextContent());
        assertEquals("0", ReferenceAcs.text(answer, "Status"), "a line's number changes live");
        assertEquals("6013", rig.gateway.site().lines().get("fxs4").extension());
        assertEquals(1, rig.gateway.configVersion(), "a TR-069 change is the next config version");

        Map<String, String> v = CwmpRig.values(call(CwmpRig.gpv(VS + "CallControl.Line.4.DirectoryNumber",
                "Device.ManagementServer.ParameterKey")), false);
        assertEquals("6013", v.get(VS + "CallControl.Line.4.DirectoryNumber"));
        assertEquals("renumber-1", v.get("Device.ManagementServer.ParameterKey"));

        try (VirtualPhone caller = VirtualPhone.connect("127.0.0.1", rig.gateway.simPort(), "fxs1", "us");
             VirtualPhone callee = VirtualPhone.connect("127.0.0.1", rig.gateway.simPort(), "fxs4", "us")) {
            Thread.sleep(100);
            TestGateway.liftAndDial(caller, "6013");
            assertTrue(callee.awaitRinging(Duration.ofSeconds(8)), "fxs4 rings on 6013");
        }
        rig.restart();
        assertNotNull(rig.acs.awaitInform(WAIT));
        assertEquals("6013", rig.gateway.site().lines().get("fxs4").extension(), "the stored version runs after a restart");
        assertEquals(1, rig.gateway.configVersion());
    }

    @Test
    void theCallLogShowsTheJournalsCallsNewestFirst() throws Exception {
        bootstrap();
        awaitSessions(1);
        try (VirtualPhone caller = VirtualPhone.connect("127.0.0.1", rig.gateway.simPort(), "fxs1", "us");
             VirtualPhone callee = VirtualPhone.connect("127.0.0.1", rig.gateway.simPort(), "fxs2", "us")) {
            Thread.sleep(100);
            TestGateway.liftAndDial(caller, "6001");
            assertTrue(callee.awaitRinging(Duration.ofSeconds(8)), "fxs2 rings");
            callee.offHook();
            Thread.sleep(2_200);
            caller.onHook();
            callee.onHook();
            Thread.sleep(900);
            TestGateway.liftAndDial(caller, "6099"); // nobody has it
            Thread.sleep(1_500);
            caller.onHook();
        }
        rig.gateway.flushCdrs();
        Map<String, String> v = CwmpRig.values(call(CwmpRig.gpv(VS + "CallLogNumberOfEntries", VS + "CallLog.")), false);
        assertEquals("2", v.get(VS + "CallLogNumberOfEntries"), v.toString());
        String newest = VS + "CallLog.1.", older = VS + "CallLog.2.";
        assertEquals("6099", v.get(newest + "CalledPartyNumber"));
        assertEquals("RemoteNotFound", v.get(newest + "CallTerminationCause"));
        assertEquals("0", v.get(newest + "Duration"));
        assertEquals("6000", v.get(older + "CallingPartyNumber"));
        assertEquals("6001", v.get(older + "CalledPartyNumber"));
        assertEquals("Outgoing", v.get(older + "Direction"));
        assertEquals(VS + "CallControl.Line.1", v.get(older + "UsedLine"));
        assertEquals("LocalDisconnect", v.get(older + "CallTerminationCause"));
        assertTrue(Integer.parseInt(v.get(older + "Duration")) >= 2, "talked about 2 s: " + v.get(older + "Duration"));
        assertTrue(java.time.Instant.parse(v.get(older + "Start")).isBefore(java.time.Instant.parse(v.get(newest + "Start"))));
    }

    @Test
    void anInvalidSetIsRefusedWithFaultCodesAndChangesNothing() throws Exception {
        bootstrap();
        awaitSessions(1);
        Element answer = call(CwmpRig.spv("bad-1",
                VS + "CallControl.Line.3.DirectoryNumber", "xsd:string", "6020",
                VS + "POTS.FXS.1.Status", "xsd:string", "Up",
                VS + "CallControl.Line.9.DirectoryNumber", "xsd:string", "6030",
                "Device.ManagementServer.PeriodicInformInterval", "xsd:unsignedInt", "often",
                VS + "POTS.FXS.2.Enable", "xsd:string", "true"));
        Element fault = CwmpRig.cwmpFault(answer);
        assertNotNull(fault, "refused");
        assertEquals("9003", ReferenceAcs.text(fault, "FaultCode"));
        Map<String, String> codes = CwmpRig.parameterFaults(fault);
        assertEquals(Map.of(VS + "POTS.FXS.1.Status", "9008", VS + "CallControl.Line.9.DirectoryNumber", "9005",
                "Device.ManagementServer.PeriodicInformInterval", "9007", VS + "POTS.FXS.2.Enable", "9006"), codes);

        Element dup = CwmpRig.cwmpFault(call(CwmpRig.spv("bad-2",
                VS + "CallControl.Line.3.DirectoryNumber", "xsd:string", "6020",
                VS + "CallControl.Line.4.DirectoryNumber", "xsd:string", "6000")));
        assertNotNull(dup, "a config the gateway's validation refuses is a fault too");
        assertEquals(Map.of(VS + "CallControl.Line.4.DirectoryNumber", "9007"), CwmpRig.parameterFaults(dup));
        Element pilot = CwmpRig.cwmpFault(call(CwmpRig.spv("bad-3",
                VS + "CallControl.Line.1.Enable", "xsd:boolean", "true",
                VS + "CallControl.Line.3.DirectoryNumber", "xsd:string", "6100")));
        assertEquals(Map.of(VS + "CallControl.Line.3.DirectoryNumber", "9007"), CwmpRig.parameterFaults(pilot),
                "the hunt group pilot 6100 is taken; the parameter that changes nothing is not blamed");
        assertEquals("6002", rig.gateway.site().lines().get("fxs3").extension(), "all or nothing: fxs3 unchanged");
        assertEquals("6003", rig.gateway.site().lines().get("fxs4").extension());
        assertEquals(0, rig.gateway.configVersion());
        Map<String, String> v = CwmpRig.values(call(CwmpRig.gpv("Device.ManagementServer.ParameterKey")), false);
        assertEquals("", v.get("Device.ManagementServer.ParameterKey"), "a refused Set does not change the ParameterKey");
    }

    @Test
    void activeNotificationInformsWhenAValueChanges() throws Exception {
        bootstrap();
        awaitSessions(1);
        String active = VS + "POTS.FXS.2.Active";
        Element ok = call(CwmpRig.spa(active, 2));
        assertEquals("SetParameterAttributesResponse", ok.getLocalName(), () -> ok.getTextContent());
        awaitSessions(2);
        try (VirtualPhone phone = VirtualPhone.connect("127.0.0.1", rig.gateway.simPort(), "fxs2", "us")) {
            Thread.sleep(200);
            rig.clock.advance(CwmpAgent.VALUE_CHECK_MS);
            ReferenceAcs.Inform change = rig.acs.awaitInform(WAIT);
            assertNotNull(change, "plugging a phone into fxs2 is a value change");
            assertTrue(change.events().containsKey("4 VALUE CHANGE"), change.events().toString());
            assertEquals("true", change.params().get(active));
        }
    }

    @Test
    void aFailedSessionIsRetriedAfterTheWaitOfTheTable() throws Exception {
        rig.close();
        rig = new CwmpRig(acs -> acs.failInforms(2));
        ReferenceAcs.Inform first = rig.acs.awaitInform(WAIT);
        assertEquals(0, first.retryCount());
        awaitRetries(1);
        assertNull(rig.acs.awaitInform(Duration.ofMillis(500)), "no retry before the wait");
        rig.clock.advance(RetryWait.range(1)[1]); // the first retry waits 5-10 s
        ReferenceAcs.Inform second = rig.acs.awaitInform(WAIT);
        assertNotNull(second, "retried");
        assertEquals(1, second.retryCount());
        assertEquals(first.events().keySet(), second.events().keySet(), "the undelivered events again");
        awaitRetries(2);
        rig.clock.advance(RetryWait.range(2)[0] - 1_000);
        assertNull(rig.acs.awaitInform(Duration.ofMillis(500)), "the second retry waits at least 10 s");
        rig.clock.advance(RetryWait.range(2)[1] - RetryWait.range(2)[0] + 1_000); // 10-20 s in all
        ReferenceAcs.Inform third = rig.acs.awaitInform(WAIT);
        assertEquals(2, third.retryCount());
        awaitSessions(1);
    }

    @Test
    void passiveNotificationRidesOnTheNextInform() throws Exception {
        bootstrap();
        awaitSessions(1);
        String active = VS + "POTS.FXS.3.Active";
        call(CwmpRig.spa(active, 1));
        awaitSessions(2);
        try (VirtualPhone phone = VirtualPhone.connect("127.0.0.1", rig.gateway.simPort(), "fxs3", "us")) {
            Thread.sleep(200);
            rig.clock.advance(CwmpAgent.VALUE_CHECK_MS);
            assertNull(rig.acs.awaitInform(Duration.ofSeconds(1)), "passive: no session of its own");
            rig.clock.advance(3_600_000);
            ReferenceAcs.Inform periodic = rig.acs.awaitInform(WAIT);
            assertNotNull(periodic);
            assertEquals(java.util.Set.of("2 PERIODIC", "4 VALUE CHANGE"), periodic.events().keySet());
            assertEquals("true", periodic.params().get(active));
        }
    }

    @Test
    void basicAuthenticationToTheAcs() throws Exception {
        rig.close();
        rig = new CwmpRig(ReferenceAcs::basicAuth);
        assertNotNull(rig.acs.awaitInform(WAIT));
        awaitSessions(1);
        assertTrue(rig.acs.lastAuthorization().startsWith("Basic "), rig.acs.lastAuthorization());
    }

    @Test
    void httpsToAnAcsWithAPrivateCa(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String keytool = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        java.nio.file.Path store = dir.resolve("acs.p12");
        java.nio.file.Path ca = dir.resolve("acs-ca.pem");
        run(keytool, "-genkeypair", "-alias", "acs", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=acs",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "acs", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", ca.toString());
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        var kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        var tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        rig.close();
        rig = new CwmpRig(new ReferenceAcs("cpe-gw-demo", "acs-pass-1", tls), "ca-file: " + ca + "\n");
        rig.start();
        assertTrue(rig.acs.url().startsWith("https://"));
        assertNotNull(rig.acs.awaitInform(WAIT), "the gateway trusts the ACS through tr069.ca-file");
        awaitSessions(1);
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void addObjectMakesASipUserOnceItHasANumberAndAPassword() throws Exception {
        bootstrap();
        awaitSessions(1);
        String accounts = VS + "SIP.Registrar.1.Account.";
        Element added = call("<cwmp:AddObject><ObjectName>" + accounts + "</ObjectName><ParameterKey>add-1</ParameterKey></cwmp:AddObject>");
        assertEquals("AddObjectResponse", added.getLocalName(), () -> added.getTextContent());
        assertEquals("11", ReferenceAcs.text(added, "InstanceNumber"));
        assertEquals(0, rig.gateway.configVersion(), "an empty account is not a user yet");
        Element set = call(CwmpRig.spv("add-2", accounts + "11.URI", "xsd:string", "sip:7010@demo-branch",
                accounts + "11.AuthPassword", "xsd:string", "new-phone-7010"));
        assertEquals("SetParameterValuesResponse", set.getLocalName(), () -> set.getTextContent());
        var user = rig.gateway.site().userByExtension("7010").orElseThrow();
        assertEquals(dev.lifeline.config.Ha1.md5("7010", "demo-branch", "new-phone-7010"), user.ha1Md5(),
                "the phone can register with that password");
        Map<String, String> v = CwmpRig.values(call(CwmpRig.gpv(accounts + "11.")), false);
        assertEquals("sip:7010@demo-branch", v.get(accounts + "11.URI"));
        assertEquals("", v.get(accounts + "11.AuthPassword"));
        Element lineAdd = CwmpRig.cwmpFault(call("<cwmp:AddObject><ObjectName>" + VS + "CallControl.Line.</ObjectName>"
                + "<ParameterKey>add-3</ParameterKey></cwmp:AddObject>"));
        assertEquals("9004", ReferenceAcs.text(lineAdd, "FaultCode"), "lines are the board's ports");

        Element deleted = call("<cwmp:DeleteObject><ObjectName>" + accounts + "11.</ObjectName><ParameterKey>del-1</ParameterKey></cwmp:DeleteObject>");
        assertEquals("DeleteObjectResponse", deleted.getLocalName(), () -> deleted.getTextContent());
        assertTrue(rig.gateway.site().userByExtension("7010").isEmpty());
        assertEquals(2, rig.gateway.configVersion());
    }

    @Test
    void rebootScheduleInformAndUnsupportedMethods() throws Exception {
        bootstrap();
        awaitSessions(1);
        Element methods = call("<cwmp:GetRPCMethods/>");
        List<String> names = CwmpRig.children(CwmpRig.child(methods, "MethodList")).stream().map(Element::getTextContent).toList();
        assertTrue(names.containsAll(List.of("GetParameterValues", "SetParameterValues", "AddObject", "Reboot")), names.toString());
        Element upload = CwmpRig.cwmpFault(call("<cwmp:Upload><CommandKey>u</CommandKey><FileType>1 Vendor Configuration File</FileType>"
                + "<URL>http://127.0.0.1:1/</URL><Username></Username><Password></Password><DelaySeconds>0</DelaySeconds></cwmp:Upload>"));
        assertEquals("9000", ReferenceAcs.text(upload, "FaultCode"), "not supported");

        Element scheduled = call("<cwmp:ScheduleInform><DelaySeconds>600</DelaySeconds><CommandKey>sched-1</CommandKey></cwmp:ScheduleInform>");
        assertEquals("ScheduleInformResponse", scheduled.getLocalName());
        awaitSessions(3);
        rig.clock.advance(600_000);
        ReferenceAcs.Inform later = rig.acs.awaitInform(WAIT);
        assertNotNull(later, "ten minutes later");
        assertEquals("sched-1", later.events().get("M ScheduleInform"));
        assertTrue(later.events().containsKey("3 SCHEDULED"), later.events().toString());

        Element reboot = call("<cwmp:Reboot><CommandKey>rb-1</CommandKey></cwmp:Reboot>");
        assertEquals("RebootResponse", reboot.getLocalName());
        assertEquals(CwmpAgent.REBOOT_EXIT, rig.exits.poll(10, TimeUnit.SECONDS), "the gateway exits for its supervisor after the session");
        rig.restart();
        ReferenceAcs.Inform after = rig.acs.awaitInform(WAIT);
        assertEquals("rb-1", after.events().get("M Reboot"));
        assertTrue(after.events().containsKey("1 BOOT"));
        awaitSessions(1);
        rig.restart();
        assertEquals(List.of("1 BOOT"), List.copyOf(rig.acs.awaitInform(WAIT).events().keySet()), "M Reboot is reported once");
    }

    private void awaitRetries(int n) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (rig.agent().retryCount() < n && System.nanoTime() < end) Thread.sleep(10);
        assertEquals(n, rig.agent().retryCount());
    }

    private void awaitSessions(long n) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (rig.agent().sessionsCompleted() < n && System.nanoTime() < end) Thread.sleep(20);
        assertTrue(rig.agent().sessionsCompleted() >= n, "session " + n + " completed");
    }
}
