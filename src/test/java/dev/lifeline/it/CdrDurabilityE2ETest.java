package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.rig.phone.ToneKind;
import dev.lifeline.rig.phone.VirtualPhone;
import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrSpool;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.Database;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A CDR is never lost", with real faults: the data directory on a tiny tmpfs filled to 100 %,
 * another process ({@code sqlite3}) holding an exclusive lock on the database for 10 s, and a
 * {@code kill -9} of the gateway process while CDRs wait in the spool. Calls are real calls from
 * virtual phones to unassigned numbers (reorder, cause 1: the quickest call that leaves a CDR).
 */
@Tag("e2e")
class CdrDurabilityE2ETest {

    @Test
    void withTheDiskFullCdrsAreKeptAlarmedAndAllCommittedInOrderOnceSpaceIsFreed(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", data.toString())
                .redirectErrorStream(true).start();
        boolean mounted = mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0;
        // a full disk is the fault under test: without root to mount one the test fails (a skip would be a test not run)
        org.junit.jupiter.api.Assertions.assertTrue(mounted, "mount -t tmpfs needs root (./scripts/test as root, as CI runs it): "
                + new String(mount.getInputStream().readAllBytes()));
        try {
            try (TestGateway gw = TestGateway.start("demo.yaml", s -> s, dev.lifeline.sip.FreePorts.udpAndTcp(), data)) {
                VirtualPhone[] p = {gw.phone("fxs1"), gw.phone("fxs2"), gw.phone("fxs3"), gw.phone("fxs4")};
                unassignedCall(p[0], "6009");
                assertEquals(1, gw.awaitCdrs(1, Duration.ofSeconds(5)).size());

                Path filler1 = data.resolve("filler1");
                long filled = fill(filler1);
                assertTrue(filled > 0, "the disk was not full yet");
                unassignedCall(p[1], "6010");
                await(() -> "failing".equals(gw.gateway().cdrStoreState().get("state")), 20, "CDR store seen failing on a full disk");
                CdrSpool spool = new CdrSpool(data.resolve("spool/cdr-spool.jsonl"));
                await(() -> spooled(spool) == 1, 5, "the CDR is in the spool (written into the spool's reserve)");
                fill(data.resolve("filler2")); // whatever the failed commit gave back: the disk stays at 100 %
                unassignedCall(p[2], "6011");
                unassignedCall(p[3], "6012");
                await(() -> Integer.valueOf(3).equals(gw.gateway().cdrStoreState().get("waiting")), 10, "three CDRs kept");
                assertEquals(3, spooled(spool), "all three fsynced in the spool (its reserve and its last page)");
                assertEquals("failing", gw.gateway().cdrStoreState().get("state"), "the database still cannot take them");

                GatewayProcess.Result status = GatewayProcess.run("status", "--data", data.toString());
                assertEquals(0, status.exitCode(), status.err());
                assertTrue(status.out().contains("ALARM cdr-store-failing"), status.out());
                assertTrue(status.out().contains("3 CDRs waiting"), status.out());

                Files.delete(filler1);
                Files.delete(data.resolve("filler2"));
                await(() -> "ok".equals(gw.gateway().cdrStoreState().get("state")), 20, "CDR store recovered after space was freed");
                unassignedCall(p[0], "6013");
                List<Cdr> cdrs = gw.awaitCdrs(5, Duration.ofSeconds(5));
                assertInOrderOnce(cdrs, "fxs1", "fxs2", "fxs3", "fxs4", "fxs1");
                assertTrue(new CdrSpool(data.resolve("spool/cdr-spool.jsonl")).isEmpty(), "spool emptied");
            }
        } finally {
            new ProcessBuilder("umount", data.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anotherProcessHoldingAnExclusiveLockForTenSecondsLosesNoCdrAndTheAlarmGoesOutOnMqtt() throws Exception {
        String p0 = "lifeline/v1/" + ControllerRig.SITE + "/" + ControllerRig.GW + "/";
        try (Mosquitto broker = Mosquitto.start(); MqttProbe probe = MqttProbe.connect(broker.url(), "lifeline/v1/#");
             TestGateway gw = TestGateway.start("demo.yaml", ControllerRig.withController(broker.url()))) {
            VirtualPhone[] p = {gw.phone("fxs1"), gw.phone("fxs2"), gw.phone("fxs3")};
            assertTrue(probe.awaitJson(p0 + "status", "online", true, Duration.ofSeconds(10)) != null, "link up");
            try (Sqlite3Lock lock = Sqlite3Lock.hold(gw.dataDir().resolve("lifeline.db"))) {
                unassignedCall(p[0], "6009");
                unassignedCall(p[1], "6010");
                unassignedCall(p[2], "6011");
                Map<String, Object> raised = alarm(probe, p0, "raised", 15);
                assertTrue(String.valueOf(raised.get("text")).contains("database is locked"), raised.toString());
                assertEquals("major", raised.get("severity"));
                GatewayProcess.Result status = GatewayProcess.run("status", "--data", gw.dataDir().toString());
                assertTrue(status.out().contains("ALARM cdr-store-failing"), status.out());
                assertTrue(status.out().contains("database is locked"), status.out());
                lock.releaseAfter(Duration.ofSeconds(10));
            }
            alarm(probe, p0, "cleared", 20);
            assertEquals("ok", gw.gateway().cdrStoreState().get("state"));
            assertInOrderOnce(gw.awaitCdrs(3, Duration.ofSeconds(5)), "fxs1", "fxs2", "fxs3");
        }
    }

    @Test
    void aStopDuringTheOutageIsBoundedAndTheNextStartCommitsWhatWasLeftInTheSpool() throws Exception {
        Path data;
        int sipPort = dev.lifeline.sip.FreePorts.udpAndTcp();
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s, sipPort, java.nio.file.Files.createTempDirectory("lifeline-test"))) {
            data = gw.dataDir();
            VirtualPhone[] p = {gw.phone("fxs1"), gw.phone("fxs2")};
            try (Sqlite3Lock lock = Sqlite3Lock.hold(data.resolve("lifeline.db"))) {
                unassignedCall(p[0], "6009");
                unassignedCall(p[1], "6010");
                await(() -> "failing".equals(gw.gateway().cdrStoreState().get("state")), 10, "CDR store failing while locked");
                long t0 = System.nanoTime();
                gw.close();
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertTrue(tookMs < 12_000, "shutdown waits for the store at most ~5 s (+ one busy timeout): " + tookMs + " ms");
                assertEquals(2, spooled(new CdrSpool(data.resolve("spool/cdr-spool.jsonl"))), "both left in the spool");
            }
        }
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s, sipPort, data)) {
            unassignedCall(gw.phone("fxs3"), "6011");
            assertInOrderOnce(gw.awaitCdrs(3, Duration.ofSeconds(5)), "fxs1", "fxs2", "fxs3");
        }
    }

    private static Map<String, Object> alarm(MqttProbe probe, String p0, String state, int seconds) throws InterruptedException {
        MqttProbe.Msg m = probe.await(p0 + "alarm", x -> "cdr-store-failing".equals(x.json().get("id")) && state.equals(x.json().get("state")),
                Duration.ofSeconds(seconds));
        assertTrue(m != null, "alarm cdr-store-failing " + state + " on MQTT");
        return m.json();
    }

    @Test
    void cdrsSpooledWhenTheGatewayIsKilledAreImportedByTheNextStart(@TempDir Path dir) throws Exception {
        Path[] cfg = GatewayProcess.ephemeralConfig(dir);
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Process gw = startProcess(cfg, data, dir.resolve("gw1.log"));
        CdrSpool spool = new CdrSpool(data.resolve("spool/cdr-spool.jsonl"));
        int simPort = simPort(data, gw); // started: its database exists (in WAL mode) before the lock is taken
        try (Sqlite3Lock lock = Sqlite3Lock.hold(data.resolve("lifeline.db"))) {
            try (VirtualPhone a = VirtualPhone.connect("127.0.0.1", simPort, "fxs1", "us");
                 VirtualPhone b = VirtualPhone.connect("127.0.0.1", simPort, "fxs2", "us")) {
                unassignedCall(a, "6009");
                unassignedCall(b, "6010");
                await(() -> spooled(spool) == 2, 20, "both CDRs fsynced to the spool");
                GatewayProcess.Result status = GatewayProcess.run("status", "--data", data.toString());
                assertTrue(status.out().contains("ALARM cdr-store-failing"), status.out());
            }
            gw.destroyForcibly(); // SIGKILL: no shutdown hook, no last retry
            assertTrue(gw.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, gw.exitValue(), "killed by SIGKILL");
        }
        Files.deleteIfExists(data.resolve("run/mgmt.uri"));
        Files.deleteIfExists(data.resolve("run/sim.addr"));
        gw = startProcess(cfg, data, dir.resolve("gw2.log"));
        try {
            simPort = simPort(data, gw);
            try (VirtualPhone a = VirtualPhone.connect("127.0.0.1", simPort, "fxs3", "us")) {
                unassignedCall(a, "6011");
            }
            gw.destroy(); // SIGTERM: a clean stop
            assertTrue(gw.waitFor(15, TimeUnit.SECONDS), "gateway exits on SIGTERM");
        } finally {
            gw.destroyForcibly();
        }
        try (Database db = Database.open(data.resolve("lifeline.db"))) {
            assertInOrderOnce(new CdrStore(db).after(0, 100), "fxs1", "fxs2", "fxs3");
        }
        assertTrue(spool.isEmpty(), "spool emptied after the import");
        String log = Files.readString(data.resolve("log/lifeline.log"));
        assertTrue(log.contains("2 CDRs from an earlier run"), "the import is logged");
    }

    private static Process startProcess(Path[] cfg, Path data, Path log) throws IOException {
        return GatewayProcess.builder("run", "--board", cfg[0].toString(), "--config", cfg[1].toString(), "--data", data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int simPort(Path data, Process gw) throws Exception {
        GatewayProcess.awaitFile(data.resolve("run/mgmt.uri"), gw, Duration.ofSeconds(20));
        return Integer.parseInt(GatewayProcess.awaitFile(data.resolve("run/sim.addr"), gw, Duration.ofSeconds(5)).split(":")[1]);
    }

    private static int spooled(CdrSpool spool) {
        try {
            return spool.readAll().size();
        } catch (IOException e) {
            return -1;
        }
    }

    /** A call to a number nobody has: reorder tone, then on-hook; leaves a CDR with cause 1. */
    static void unassignedCall(VirtualPhone p, String number) throws Exception {
        TestGateway.liftAndDial(p, number);
        assertTrue(p.awaitTone(ToneKind.CONGESTION, Duration.ofSeconds(6)), p.portId() + " hears reorder for " + number);
        p.onHook();
    }

    /**
     * Every CDR once, seqs 1..n without a gap, in the order the calls were made: each call comes
     * from the next port in {@code ports} (the port is what identifies a call here; a dialled digit
     * misheard under load must not make this test lie either way), and end times do not go back.
     */
    static void assertInOrderOnce(List<Cdr> cdrs, String... ports) {
        assertEquals(List.of(ports), cdrs.stream().map(c -> c.srcLeg().substring("fxs:".length())).toList(), cdrs.toString());
        List<Long> seqs = new ArrayList<>();
        for (int i = 1; i <= ports.length; i++) seqs.add((long) i);
        assertEquals(seqs, cdrs.stream().map(Cdr::seq).toList());
        assertEquals(ports.length, cdrs.stream().map(Cdr::uuid).distinct().count(), "no CDR twice");
        for (int i = 1; i < cdrs.size(); i++) assertTrue(!cdrs.get(i).end().isBefore(cdrs.get(i - 1).end()), cdrs.toString());
        assertTrue(cdrs.stream().allMatch(c -> c.q850Cause() == 1), cdrs.toString());
    }

    /** Writes zeros until the filesystem says no space is left; returns the bytes written. */
    private static long fill(Path f) {
        long n = 0;
        byte[] block = new byte[16 * 1024];
        try (OutputStream out = new FileOutputStream(f.toFile())) {
            while (true) {
                out.write(block);
                n += block.length;
            }
        } catch (IOException full) {
            // ENOSPC: 100 %
        }
        byte[] one = new byte[1];
        try (OutputStream out = new FileOutputStream(f.toFile(), true)) {
            while (true) {
                out.write(one);
                out.flush();
                n++;
            }
        } catch (IOException full) {
            return n;
        }
    }

    private static void await(BooleanSupplier cond, int seconds, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out: " + what);
            Thread.sleep(50);
        }
    }

    /** The {@code sqlite3} shell holding {@code BEGIN EXCLUSIVE} on a database, as an operator might. */
    static final class Sqlite3Lock implements AutoCloseable {
        private final Process p;
        private final OutputStream in;
        private long lockedAt = System.nanoTime();

        private Sqlite3Lock(Process p) {
            this.p = p;
            this.in = p.getOutputStream();
        }

        static Sqlite3Lock hold(Path db) throws Exception {
            Process p = new ProcessBuilder("sqlite3", db.toString()).redirectErrorStream(true).start();
            Sqlite3Lock l = new Sqlite3Lock(p);
            l.send(".timeout 5000\nBEGIN EXCLUSIVE;\nSELECT 'locked';\n");
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            assertEquals("locked", line, "sqlite3 holds the exclusive lock (is the sqlite3 package installed?)");
            l.lockedAt = System.nanoTime();
            return l;
        }

        private void send(String s) throws IOException {
            in.write(s.getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        /** Releases once the lock has been held for {@code held}. */
        void releaseAfter(Duration held) throws Exception {
            long left = held.toNanos() - (System.nanoTime() - lockedAt);
            if (left > 0) TimeUnit.NANOSECONDS.sleep(left); // the fault's length is the point here, not a sequencing guess
            close();
        }

        @Override
        public void close() throws Exception {
            if (!p.isAlive()) return;
            try {
                send("ROLLBACK;\n.quit\n");
            } catch (IOException ignored) {
                // already gone
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }
}
