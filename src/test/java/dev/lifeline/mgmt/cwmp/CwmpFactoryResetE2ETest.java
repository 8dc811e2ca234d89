package dev.lifeline.mgmt.cwmp;

import static dev.lifeline.mgmt.cwmp.CwmpRig.VS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.acs.ReferenceAcs;
import dev.lifeline.store.Database;
import dev.lifeline.store.LineMwiStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * FactoryReset from the ACS: after the session the gateway restarts on its site file's config:
 * the line the ACS renumbered has its old number again, message waiting is off, and the ACS is
 * met as new ({@code 0 BOOTSTRAP}). The CDR journal stays.
 */
@Tag("e2e")
class CwmpFactoryResetE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final CwmpRig rig;

    CwmpFactoryResetE2ETest() throws Exception {
        rig = new CwmpRig();
    }

    @AfterEach
    void stop() {
        List<String> problems = rig.acs.problems();
        rig.close();
        assertEquals(List.of(), problems);
    }

    private Element call(String rpc) throws Exception {
        CompletableFuture<Element> f = rig.acs.queue(rpc);
        rig.clock.advance(ConnectionRequestServer.MIN_ACCEPT_GAP_MS);
        assertEquals(200, rig.connectionRequest());
        assertNotNull(rig.acs.awaitInform(WAIT));
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void factoryResetRestartsOnTheSiteFileAndBootstrapsAgain() throws Exception {
        assertNotNull(rig.acs.awaitInform(WAIT));
        long end = System.nanoTime() + WAIT.toNanos();
        while (rig.agent().sessionsCompleted() < 1 && System.nanoTime() < end) Thread.sleep(20);
        Element set = call(CwmpRig.spv("k1", VS + "CallControl.Line.4.DirectoryNumber", "xsd:string", "6013"));
        assertEquals("SetParameterValuesResponse", set.getLocalName());
        assertEquals(1, rig.gateway.configVersion());
        try (dev.lifeline.rig.phone.VirtualPhone p = dev.lifeline.rig.phone.VirtualPhone.connect("127.0.0.1", rig.gateway.simPort(), "fxs1", "us")) {
            Thread.sleep(100);
            dev.lifeline.it.TestGateway.liftAndDial(p, "6009"); // nobody has 6009: a CDR with cause 1
            Thread.sleep(500);
            p.onHook();
        }
        try (Database db = Database.open(rig.data.resolve("lifeline.db"))) {
            new LineMwiStore(db).put("6000", new LineMwiStore.Mwi(true, 2, 0, System.currentTimeMillis()));
        }
        long end2 = System.nanoTime() + WAIT.toNanos();
        while (cdrs() < 1 && System.nanoTime() < end2) Thread.sleep(50);
        long cdrsBefore = cdrs();
        assertEquals(1, cdrsBefore, "the call's CDR is in the journal");

        Element reset = call("<cwmp:FactoryReset/>");
        assertEquals("FactoryResetResponse", reset.getLocalName());
        assertEquals(CwmpAgent.REBOOT_EXIT, rig.exits.poll(10, TimeUnit.SECONDS), "the gateway restarts after the session");
        rig.restart();
        ReferenceAcs.Inform after = rig.acs.awaitInform(WAIT);
        assertNotNull(after);
        assertTrue(after.events().containsKey("0 BOOTSTRAP"), "the ACS meets a new box: " + after.events());
        assertEquals("", after.params().get("Device.ManagementServer.ParameterKey"));
        assertEquals("6003", rig.gateway.site().lines().get("fxs4").extension(), "the site file's number again");
        assertEquals(0, rig.gateway.configVersion());
        try (Database db = Database.open(rig.data.resolve("lifeline.db"))) {
            assertEquals(java.util.Map.of(), new LineMwiStore(db).all(), "message waiting cleared");
        }
        assertEquals(cdrsBefore, cdrs(), "CDRs are kept");
    }

    private long cdrs() {
        try (Database db = Database.open(rig.data.resolve("lifeline.db"))) {
            return db.read(c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM cdr")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        }
    }
}
