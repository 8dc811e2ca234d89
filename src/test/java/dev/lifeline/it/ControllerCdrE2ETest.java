package dev.lifeline.it;

import dev.lifeline.util.Json;
import static dev.lifeline.it.ControllerRig.GW;
import static dev.lifeline.it.ControllerRig.SITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.app.ctl.BrokerLogin;
import dev.lifeline.app.ctl.CdrArchive;
import dev.lifeline.app.ctl.CdrCollector;
import dev.lifeline.app.ctl.Controller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lossless CDR sync end to end: CDRs of real calls made while the broker is down reach the
 * reference controller once each and in order; a gateway killed in the middle of a drain loses
 * none and duplicates none at the controller.
 */
@Tag("e2e")
class ControllerCdrE2ETest {
    private static final Pattern BATCH_LINE = Pattern.compile("cdr (\\d+)\\.\\.(\\d+): (\\d+) stored, (\\d+) duplicate; acked up to (\\d+)");

    @Test
    void cdrsOf500CallsMadeWhileTheBrokerIsDownReachCtlCollectOnceInSeqOrder(@TempDir Path dir) throws Exception {
        int calls = 500;
        try (Mosquitto broker = Mosquitto.start()) {
            broker.stop();
            try (TestGateway gw = TestGateway.start("demo.yaml", ControllerRig.withController(broker.url()))) {
                ControllerRig.SippRun run = ControllerRig.sipCalls(gw.sipPort(), calls, 25, 200);
                assertEquals(0, run.exitCode(), "all " + calls + " SIP calls succeeded\n" + run.output());
                assertEquals(calls, gw.awaitCdrs(calls, Duration.ofSeconds(10)).size(), "the journal holds every CDR");

                broker.startAgain();
                Path db = dir.resolve("controller.db");
                Path out = dir.resolve("collect.out");
                Process collect = GatewayProcess.builder("ctl", "collect", "--broker", broker.url(), "--db", db.toString(),
                        "--client-id", "ctl-e2e").redirectOutput(out.toFile())
                        .redirectError(dir.resolve("collect.err").toFile()).start();
                try {
                    // the gateway comes back by itself (backoff with jitter) and drains its journal
                    assertTrue(ControllerRig.await(() -> gw.cdrs().isEmpty(), Duration.ofSeconds(120)),
                            "the gateway's journal empties once the controller has acked everything\n" + read(out));
                } finally {
                    collect.destroy(); // SIGTERM: collect stops cleanly
                    collect.waitFor();
                }
                List<long[]> batches = batches(read(out));
                assertTrue(!batches.isEmpty(), read(out) + read(dir.resolve("collect.err")));
                long highest = 0;
                for (long[] b : batches) {
                    if (b[2] > 0) {
                        assertTrue(b[1] > highest, "batches with new CDRs arrive in seq order: " + read(out));
                        highest = b[1];
                    }
                }
                assertEquals(calls, batches.get(batches.size() - 1)[4], "the last ack covers every CDR");
                try (CdrArchive archive = CdrArchive.open(db)) {
                    assertArrayEquals(LongStream.rangeClosed(1, calls).toArray(), archive.seqs(GW), "every seq exactly once");
                    Map<String, Object> first = Json.object(archive.cdrs(GW, 0, 1).get(0).json());
                    assertEquals("7000", first.get("callingNumber"));
                    assertEquals("7001", first.get("calledNumber"));
                    assertEquals(200L, first.get("sipStatus"));
                    assertEquals(16L, first.get("q850Cause"));
                    assertEquals(1L, first.get("billableSeconds"), "a 0.2 s call bills 1 s");
                }
            }
        }
    }

    @Test
    void gatewayKilledMidDrainLosesAndDuplicatesNothingAtTheController(@TempDir Path dir) throws Exception {
        int backlog = 40_000;
        Path data = dir.resolve("data");
        ControllerRig.fillJournal(data, backlog);
        List<CdrCollector.BatchReport> reports = new CopyOnWriteArrayList<>();
        try (Mosquitto broker = Mosquitto.start();
             CdrArchive archive = CdrArchive.open(dir.resolve("controller.db"));
             CdrCollector collector = CdrCollector.start(BrokerLogin.anonymous(broker.url()), "ctl-e2e", archive, "+", "+",
                     new CdrCollector.Events() {
                         @Override
                         public void batch(CdrCollector.BatchReport r) { reports.add(r); }
                     });
             Controller ctl = Controller.connect(broker.url())) {
            Process gw = ControllerRig.startGateway(dir, data, broker.url());
            try {
                assertTrue(ControllerRig.await(() -> archive.count(GW) >= backlog / 4, Duration.ofSeconds(60)), "the drain started");
                ControllerRig.kill9(gw);
                long atKill = archive.count(GW);
                assertTrue(atKill < backlog, "killed in the middle of the drain (" + atKill + " of " + backlog + " stored)");
                assertNotNull(ctl.awaitStatus(SITE, GW, s -> !s.online(), Duration.ofSeconds(10)), "the will says offline");
                assertTrue(ControllerRig.journalCount(data) > 0, "unacked CDRs are still in the journal after the kill");

                gw = ControllerRig.startGateway(dir, data, broker.url());
                assertTrue(ControllerRig.await(() -> archive.count(GW) == backlog, Duration.ofSeconds(90)),
                        "the restarted gateway sends the rest: " + archive.count(GW) + " of " + backlog);
                assertTrue(ControllerRig.await(() -> ControllerRig.journalCount(data) == 0, Duration.ofSeconds(30)),
                        "the journal empties: " + ControllerRig.journalCount(data) + " left");
            } finally {
                gw.destroy();
                gw.waitFor();
            }
            assertArrayEquals(LongStream.rangeClosed(1, backlog).toArray(), archive.seqs(GW), "every seq exactly once, none missing");
            assertEquals(backlog, archive.ackedUpTo(GW));
            long resent = reports.stream().mapToLong(CdrCollector.BatchReport::duplicates).sum();
            System.out.printf("kill -9 mid-drain: %d batches, %d CDRs re-sent after the restart and stored once%n", reports.size(), resent);
        }
    }

    private static List<long[]> batches(String out) {
        return out.lines().map(BATCH_LINE::matcher).filter(Matcher::find)
                .map(m -> new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(4)), Long.parseLong(m.group(5))})
                .toList();
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
