package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway as a separate process: config refusal, the CLI views, and a clean SIGTERM. */
@Tag("e2e")
class GatewayProcessE2ETest {

    @Test
    void badBoardProfileIsRefusedNamingFileFieldAndProblem(@TempDir Path dir) throws Exception {
        Path board = dir.resolve("bad-board.yaml");
        Files.writeString(board, Files.readString(TestGateway.HOME.resolve("board-profiles/sim-4fxs-2fxo.yaml"))
                .replace("{ id: fxs2, type: fxs }", "{ id: fxs2, type: fxq }"));
        GatewayProcess.Result r = GatewayProcess.run("run", "--board", board.toString(), "--data", dir.resolve("data").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("bad-board.yaml"), r.err());
        assertTrue(r.err().contains("ports[1].type"), r.err());
        assertTrue(r.err().contains("fxq"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(dir.resolve("data/run/mgmt.uri")), "nothing started");
    }

    @Test
    void badSiteConfigIsRefusedNamingFileFieldAndProblem(@TempDir Path dir) throws Exception {
        Path site = dir.resolve("bad-site.yaml");
        Files.writeString(site, Files.readString(TestGateway.HOME.resolve("site-configs/demo.yaml"))
                .replace("fxs4: { extension: \"6003\"", "fxs9: { extension: \"6003\""));
        GatewayProcess.Result r = GatewayProcess.run("run", "--config", site.toString(), "--data", dir.resolve("data").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("bad-site.yaml: lines.fxs9"), r.err());
        assertTrue(r.err().contains("fxs4"), "the port left without an extension is named too: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(dir.resolve("data/run/mgmt.uri")), "nothing started");
    }

    @Test
    void cliShowsStatusCallsAndCdrsAndSigtermEndsCallsWritingTheirCdrs(@TempDir Path dir) throws Exception {
        GatewayProcess.Demo demo = GatewayProcess.startDemo(dir);
        Process gw = demo.process();
        Path data = demo.data();
        try {
            int simPort = demo.simPort();
            try (VirtualPhone a = VirtualPhone.connect("127.0.0.1", simPort, "fxs1", "us");
                 VirtualPhone b = VirtualPhone.connect("127.0.0.1", simPort, "fxs2", "us")) {
                // a first call, completed normally
                call(a, b);
                b.onHook();
                assertTrue(a.awaitTone(ToneKind.DISCONNECT, Duration.ofSeconds(5)));
                a.onHook();
                Thread.sleep(1000);

                GatewayProcess.Result status = GatewayProcess.run("status", "--data", data.toString());
                assertEquals(0, status.exitCode(), status.err());
                assertTrue(status.out().contains("gw-demo"), status.out());
                assertTrue(status.out().lines().anyMatch(l -> l.startsWith("fxs1") && l.contains("6000") && l.contains("connected")),
                        status.out());
                // no central office plugged into the FXO ports: in service, but the line is absent
                assertTrue(status.out().lines().anyMatch(l -> l.startsWith("fxo1") && l.contains("absent") && l.contains("IDLE")),
                        status.out());
                GatewayProcess.Result regs = GatewayProcess.run("registrations", "--data", data.toString());
                assertEquals(0, regs.exitCode(), regs.err());
                assertTrue(regs.out().contains("no registrations"), regs.out());
                GatewayProcess.Result cdr = GatewayProcess.run("cdr", "--json", "--data", data.toString());
                assertEquals(0, cdr.exitCode(), cdr.err());
                assertTrue(cdr.out().startsWith("[{\"seq\":1,"), cdr.out());
                assertTrue(cdr.out().contains("\"q850Cause\":16"), cdr.out());

                // a second call still up when the gateway is told to stop
                call(a, b);
                GatewayProcess.Result calls = GatewayProcess.run("calls", "--json", "--data", data.toString());
                assertTrue(calls.out().contains("\"phase\":\"CONNECTED\""), calls.out());
                GatewayProcess.Result statusJson = GatewayProcess.run("status", "--json", "--data", data.toString());
                assertTrue(statusJson.out().contains("\"state\":\"CONNECTED\""), statusJson.out());

                gw.destroy(); // SIGTERM
                assertTrue(gw.waitFor(10, TimeUnit.SECONDS), "gateway exits on SIGTERM");
            }
            try (Database db = Database.open(data.resolve("lifeline.db"))) {
                List<Cdr> cdrs = new CdrStore(db).after(0, 10);
                assertEquals(2, cdrs.size(), cdrs.toString());
                assertEquals(16, cdrs.get(0).q850Cause());
                assertTrue(cdrs.get(1).answered(), "the call cut by shutdown was answered");
                assertEquals(41, cdrs.get(1).q850Cause(), "ended by shutdown: temporary failure");
            }
            String log = Files.readString(data.resolve("log/lifeline.log"));
            assertTrue(log.contains("fxs1: IDLE->DIALTONE"), "state changes logged per port");
            assertTrue(log.contains("gateway stopped"), "clean stop logged");
        } finally {
            gw.destroyForcibly();
        }
    }

    private static void call(VirtualPhone a, VirtualPhone b) throws Exception {
        a.offHook();
        assertTrue(a.awaitTone(ToneKind.DIAL, Duration.ofSeconds(3)));
        a.dialDtmf("6001");
        assertTrue(b.awaitRinging(Duration.ofSeconds(3)));
        b.offHook();
        a.playTone(1000, -10);
        assertTrue(FxsCallE2ETest.awaitHears(b, 1000));
        a.stopPlaying();
    }
}
