package dev.lifeline.mgmt.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.lifeline.rig.acs.ReferenceAcs;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * A signed A/B upgrade end to end: the real supervisor script runs a real gateway (its own JVM)
 * from slot a of a firmware root; the reference ACS orders upgrades with Download; images are
 * served over HTTP. v1 → v2 succeeds (SoftwareVersion changes, TransferComplete 0); v3 never
 * becomes healthy and is rolled back to v2 (TransferComplete 9010); v4, signed by a key the
 * firmware does not trust, is never installed (9019, no restart). Every CWMP message is checked
 * against cwmp-1-4.xsd by the ACS.
 */
@Tag("e2e")
class FirmwareUpgradeE2ETest {
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final String SV = "Device.DeviceInfo.SoftwareVersion";
    private final Path work = tempDir();
    private ReferenceAcs acs;
    private HttpServer files;
    private Process supervisor;
    private final AtomicInteger served = new AtomicInteger();

    @AfterEach
    void stop() throws Exception {
        if (supervisor != null && supervisor.isAlive()) {
            supervisor.destroy();
            if (!supervisor.waitFor(30, TimeUnit.SECONDS)) supervisor.destroyForcibly();
        }
        if (files != null) files.stop(0);
        if (acs != null) acs.close();
        if (Files.exists(work.resolve("supervisor.log"))) Files.copy(work.resolve("supervisor.log"), Path.of("target/firmware-e2e.log"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        dev.lifeline.util.FileTrees.delete(work); // not @TempDir: the bundles link to the JDK and the build's jars, which must stay
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("lifeline-fw-e2e");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void v2IsInstalledV3IsRolledBackAndV4WithABadSignatureIsRefused() throws Exception {
        KeyPair release = SigningKeys.generate();
        KeyPair stranger = SigningKeys.generate();
        TestBundles tb = new TestBundles(Files.createDirectories(work.resolve("build")));
        Path v1 = tb.archive(tb.bundle("1.0-test", release.getPublic(), null));
        Path v2 = tb.image(tb.bundle("2.0-test", release.getPublic(), null), "2.0-test", release.getPrivate());
        // v3 hangs at start (never ready, never reaches the ACS): the supervisor's deadline must catch it
        Path v3 = tb.image(tb.bundle("3.0-test", release.getPublic(), "#!/bin/sh\nexec sleep 3600\n"), "3.0-test", release.getPrivate());
        Path v4 = tb.image(tb.bundle("4.0-test", release.getPublic(), null), "4.0-test", stranger.getPrivate());
        Path root = work.resolve("opt");
        TestBundles.install(v1, root, "a");

        serveImages(tb);
        acs = new ReferenceAcs("cpe-gw-demo", "acs-pass-1");
        startSupervisor(root);

        ReferenceAcs.Inform boot = awaitInformWith("1 BOOT");
        assertEquals("1.0-test", boot.params().get(SV));
        String cr = boot.params().get("Device.ManagementServer.ConnectionRequestURL");

        // v1 -> v2
        download(cr, "up-2", v2);
        ReferenceAcs.Inform after2 = awaitInformWith("7 TRANSFER COMPLETE");
        assertEquals("2.0-test", after2.params().get(SV), "the new version reports itself");
        assertEquals("up-2", after2.events().get("M Download"));
        assertTrue(after2.events().containsKey("1 BOOT"));
        ReferenceAcs.TransferComplete tc2 = acs.awaitTransferComplete(BOOT);
        assertNotNull(tc2, "TransferComplete after the upgrade");
        assertEquals("up-2", tc2.commandKey());
        assertEquals(0, tc2.faultCode(), tc2.faultString());
        awaitFile(root.resolve("state/active"), "b");
        assertTrue(Files.readString(work.resolve("supervisor.log")).contains("slot b (2.0-test) is healthy"), tail());
        cr = after2.params().get("Device.ManagementServer.ConnectionRequestURL");

        // v2 -> v3, which never becomes healthy: back to v2
        download(cr, "up-3", v3);
        ReferenceAcs.Inform after3 = awaitInformWith("7 TRANSFER COMPLETE");
        assertEquals("2.0-test", after3.params().get(SV), "rolled back to the version that worked");
        assertEquals("up-3", after3.events().get("M Download"));
        ReferenceAcs.TransferComplete tc3 = acs.awaitTransferComplete(BOOT);
        assertNotNull(tc3);
        assertEquals("up-3", tc3.commandKey());
        assertEquals(FirmwareException.DOWNLOAD_FAILURE, tc3.faultCode());
        assertTrue(tc3.faultString().contains("3.0-test") && tc3.faultString().contains("health"), tc3.faultString());
        assertEquals("b", Files.readString(root.resolve("state/active")).strip(), "slot b (v2) still boots");
        assertTrue(Files.readString(work.resolve("supervisor.log")).contains("slot a (3.0-test) failed: not healthy within 25 s"), tail());
        cr = after3.params().get("Device.ManagementServer.ConnectionRequestURL");

        // v2 -> v4 signed by a stranger: refused before anything is unpacked, no restart
        int before = served.get();
        download(cr, "up-4", v4);
        ReferenceAcs.Inform after4 = awaitInformWith("7 TRANSFER COMPLETE");
        assertFalse(after4.events().containsKey("1 BOOT"), "no restart: " + after4.events());
        assertEquals("2.0-test", after4.params().get(SV));
        ReferenceAcs.TransferComplete tc4 = acs.awaitTransferComplete(BOOT);
        assertNotNull(tc4);
        assertEquals(FirmwareException.AUTHENTICATION, tc4.faultCode(), tc4.faultString());
        assertEquals(before + 1, served.get(), "the image was fetched once");
        assertEquals("3.0-test", Files.readString(root.resolve("slots/a/VERSION")).strip(), "v4 was never installed");
        assertFalse(Files.exists(root.resolve("state/pending")));
        assertTrue(supervisor.isAlive());
        assertEquals(List.of(), acs.problems(), "every message was valid CWMP");
    }

    /**
     * The controller's {@code upgrade} over a real broker: a wrong SHA-256 is refused with 9018 and
     * no restart; the right image waits while a call is up, installs once it ends, and the new
     * version reports {@code done}.
     */
    @Test
    void theControllersUpgradeWaitsForTheCallToEndAndTheNewVersionReportsDone() throws Exception {
        KeyPair release = SigningKeys.generate();
        TestBundles tb = new TestBundles(Files.createDirectories(work.resolve("build")));
        Path v1 = tb.archive(tb.bundle("1.0-test", release.getPublic(), null));
        Path v2 = tb.image(tb.bundle("2.0-test", release.getPublic(), null), "2.0-test", release.getPrivate());
        Path root = work.resolve("opt");
        TestBundles.install(v1, root, "a");
        serveImages(tb);
        String p0 = "lifeline/v1/demo-branch/gw-demo/";
        try (dev.lifeline.it.Mosquitto broker = dev.lifeline.it.Mosquitto.start();
             dev.lifeline.it.MqttProbe probe = dev.lifeline.it.MqttProbe.connect(broker.url(), "lifeline/v1/#")) {
            startSupervisor(root, "\ncontroller:\n  url: " + broker.url() + "\n");
            assertNotNull(probe.awaitJson(p0 + "status", "online", true, BOOT), "link up; log:\n" + tail());
            String url = "http://127.0.0.1:" + files.getAddress().getPort() + "/fw/" + v2.getFileName();
            String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(v2)));

            // the operator's way: lifeline ctl cmd upgrade ... --wait
            var cli = dev.lifeline.testutil.CtlCli.run("cmd", "--broker", broker.url(), "--site", "demo-branch", "--gateway", "gw-demo",
                    "upgrade", url, "--sha256", "0".repeat(64), "--wait", "30s");
            assertEquals(dev.lifeline.app.ctl.CtlMain.REFUSED, cli.code(), cli.out() + cli.err());
            assertTrue(cli.out().contains("demo-branch/gw-demo: upgrade ok") && cli.out().contains("upgrade failed")
                    && cli.out().contains("fault 9018"), cli.out());
            var failed = probe.await(p0 + "cmd/ack", m -> ack(m, "failed"), Duration.ofSeconds(5));
            assertNotNull(failed, "a wrong hash is reported as failed");
            assertEquals(9018L, ((Number) failed.json().get("faultCode")).longValue(), failed.payload());
            assertEquals("1.0-test", failed.json().get("version"));

            String[] sim = Files.readString(work.resolve("data/run/sim.addr")).strip().split(":");
            var tones = dev.lifeline.rig.phone.ZoneTones.forZone("us");
            try (var a = dev.lifeline.rig.phone.VirtualPhone.connect(sim[0], Integer.parseInt(sim[1]), "fxs1", tones);
                 var b = dev.lifeline.rig.phone.VirtualPhone.connect(sim[0], Integer.parseInt(sim[1]), "fxs2", tones)) {
                a.offHook();
                assertTrue(a.awaitDialTone(Duration.ofSeconds(5)), "dial tone");
                a.dialDtmf("6001");
                assertTrue(b.awaitRinging(Duration.ofSeconds(10)), "fxs2 rings");
                b.offHook();
                Thread.sleep(1000);

                probe.publish(p0 + "cmd", "{\"command\":\"upgrade\",\"requestId\":\"up-2\",\"url\":\"" + url + "\",\"sha256\":\""
                        + sha + "\",\"size\":" + Files.size(v2) + "}");
                assertNotNull(probe.await(p0 + "cmd/ack", m -> ack(m, "up-2", "ok"),
                        Duration.ofSeconds(10)), "upgrade accepted");
                long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!Files.readString(work.resolve("supervisor.log")).contains("waiting for 1 call(s) to end")) {
                    assertTrue(System.nanoTime() < until, "installed, then waits for the call; log:\n" + tail());
                    Thread.sleep(200);
                }
                Thread.sleep(3000);
                assertFalse(Files.readString(work.resolve("supervisor.log")).contains("asked for a restart"), "no restart while the call is up");
                assertTrue(a.isConnected() && b.isConnected(), "the call's lines are still served");
                a.onHook();
                b.onHook();
            }
            var done = probe.await(p0 + "cmd/ack", m -> ack(m, "up-2", "done"), BOOT);
            assertNotNull(done, "the new version reports the upgrade done; log:\n" + tail());
            assertEquals("2.0-test", done.json().get("version"));
            assertEquals(0L, ((Number) done.json().get("faultCode")).longValue());
            awaitFile(root.resolve("state/active"), "b");
        }
    }

    private static boolean ack(dev.lifeline.it.MqttProbe.Msg m, String status) {
        return "upgrade".equals(m.json().get("command")) && status.equals(m.json().get("status"));
    }

    private static boolean ack(dev.lifeline.it.MqttProbe.Msg m, String requestId, String status) {
        return requestId.equals(m.json().get("requestId")) && status.equals(m.json().get("status"));
    }

    private void serveImages(TestBundles tb) throws Exception {
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/fw/", ex -> {
            Path f = tb.imageDir().resolve(ex.getRequestURI().getPath().substring(4));
            if (!Files.isRegularFile(f)) {
                ex.sendResponseHeaders(404, -1);
            } else {
                served.incrementAndGet();
                ex.sendResponseHeaders(200, Files.size(f));
                Files.copy(f, ex.getResponseBody());
            }
            ex.close();
        });
        files.start();
    }

    private void startSupervisor(Path root) throws Exception {
        startSupervisor(root, """

                tr069:
                  acs-url: %s
                  username: cpe-gw-demo
                  password: acs-pass-1
                  periodic-inform-interval: 1h
                  connection-request: { host: 127.0.0.1, port: 0, username: acs-cr, password: cr-secret-1 }
                """.formatted(acs.url()));
    }

    private void startSupervisor(Path root, String manager) throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Files.createDirectories(data.resolve("tmp"));
        Path board = work.resolve("board.yaml");
        Files.writeString(board, Files.readString(TestBundles.HOME.resolve("board-profiles/sim-4fxs-2fxo.yaml"))
                .replaceAll("(?m)^sim: .*", "sim: { listen: 127.0.0.1:0 }"));
        int sip = dev.lifeline.sip.FreePorts.udpAndTcp();
        String site = Files.readString(TestBundles.HOME.resolve("site-configs/demo.yaml"))
                .replaceAll("(?m)^(\\s*(udp|tcp)-port:).*", "$1 " + sip)
                .replaceAll("(?m)^(\\s*coap-port:).*", "$1 0")
                .replaceAll("(?m)^(    port:) 8080.*", "$1 0")
                + manager;
        Path config = work.resolve("site.yaml");
        Files.writeString(config, site);
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", TestBundles.HOME.resolve("firmware/lifeline-supervisor").toString(),
                root.toString(), "run", "--board", board.toString(), "--config", config.toString(), "--data", data.toString());
        pb.environment().put("LIFELINE_HEALTH_DEADLINE", "25");
        pb.environment().put("LIFELINE_JAVA_OPTS", "-Djava.io.tmpdir=" + data.resolve("tmp"));
        pb.redirectErrorStream(true).redirectOutput(work.resolve("supervisor.log").toFile());
        supervisor = pb.start();
    }

    private void download(String crUrl, String key, Path image) throws Exception {
        String rpc = "<cwmp:Download><CommandKey>" + key + "</CommandKey><FileType>1 Firmware Upgrade Image</FileType>"
                + "<URL>http://127.0.0.1:" + files.getAddress().getPort() + "/fw/" + image.getFileName() + "</URL>"
                + "<Username></Username><Password></Password><FileSize>" + Files.size(image) + "</FileSize>"
                + "<TargetFileName></TargetFileName><DelaySeconds>0</DelaySeconds><SuccessURL></SuccessURL><FailureURL></FailureURL>"
                + "</cwmp:Download>";
        var answer = acs.queue(rpc);
        Element r;
        try {
            r = answer.get(2, TimeUnit.SECONDS); // a session still open (the boot Inform's) takes it
        } catch (java.util.concurrent.TimeoutException e) {
            int status = 0;
            for (int i = 0; i < 20 && status != 200; i++) { // one connection request a second is accepted
                try {
                    status = ReferenceAcs.connectionRequest(crUrl, "acs-cr", "cr-secret-1");
                } catch (java.io.IOException io) {
                    throw new AssertionError("connection request to " + crUrl + " failed: " + io + "; log:\n" + tail(), io);
                }
                if (status != 200) Thread.sleep(500);
            }
            assertEquals(200, status, "connection request accepted");
            r = answer.get(30, TimeUnit.SECONDS);
        }
        assertEquals("DownloadResponse", r.getLocalName(), "Download answered: " + r.getTextContent());
        assertEquals("1", ReferenceAcs.text(r, "Status"), "the transfer completes later");
    }

    /** The next Inform carrying {@code event}, skipping others (a connection request's own). */
    private ReferenceAcs.Inform awaitInformWith(String event) throws Exception {
        long until = System.nanoTime() + BOOT.toNanos();
        while (System.nanoTime() < until) {
            ReferenceAcs.Inform i = acs.awaitInform(Duration.ofSeconds(1));
            if (i != null && i.events().containsKey(event)) return i;
            assertTrue(supervisor.isAlive(), "supervisor ended: " + Files.readString(work.resolve("supervisor.log")));
        }
        throw new AssertionError("no Inform with " + event + " within " + BOOT + "; log:\n" + tail());
    }

    private String tail() throws Exception {
        List<String> l = Files.readAllLines(work.resolve("supervisor.log"));
        return String.join("\n", l.subList(Math.max(0, l.size() - 40), l.size()));
    }

    private void awaitFile(Path f, String content) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Files.exists(f) && Files.readString(f).strip().equals(content)) return;
            Thread.sleep(100);
        }
        throw new AssertionError(f + " is not " + content);
    }
}
