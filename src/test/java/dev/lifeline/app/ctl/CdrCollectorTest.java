package dev.lifeline.app.ctl;

import dev.lifeline.util.Json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.it.Mosquitto;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector against a real Mosquitto and a scripted gateway: every CDR stored once, and an
 * ack never claims a seq the archive does not hold (the gateway deletes what is acked).
 */
class CdrCollectorTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void storesEachCdrOnceAndAcksOnlyTheContiguousPrefix(@TempDir Path dir) throws Exception {
        List<String> problems = new CopyOnWriteArrayList<>();
        try (Mosquitto broker = Mosquitto.start();
             CdrArchive archive = CdrArchive.open(dir.resolve("ctl.db"));
             CdrCollector collector = CdrCollector.start(BrokerLogin.anonymous(broker.url()), "ctl-test", archive, "+", "+",
                     events(problems));
             GatewayPeer gw = GatewayPeer.connect(broker.url(), "branch-1", "gw-1")) {
            gw.sendBatch(GatewayPeer.range(1, 500));
            assertEquals(500, gw.awaitAck(500, T), "the whole first batch is acked");
            gw.sendBatch(GatewayPeer.range(1, 500)); // re-sent after a reconnect
            gw.sendBatch(GatewayPeer.range(501, 1000));
            assertEquals(1000, gw.awaitAck(1000, T));
            // a batch with a hole at 1200: ack stops just below it
            gw.sendBatch(LongStream.rangeClosed(1001, 1500).filter(s -> s != 1200).toArray());
            assertEquals(1199, gw.awaitAck(1199, T));
            // the collector answers batches in order: the ack of one more (re-sent) batch proves the
            // batch with the hole has been handled completely
            int acksBefore = gw.acks.size();
            gw.sendBatch(GatewayPeer.range(1, 10));
            dev.lifeline.testutil.Await.until("the ack of a later batch", T, () -> gw.acks.size() > acksBefore);
            assertEquals(1199, gw.acks.get(gw.acks.size() - 1), "never acks past the hole: " + gw.acks);
            gw.sendBatch(1200);
            assertEquals(1500, gw.awaitAck(1500, T), "the hole filled: everything up to 1500 is acked");

            assertArrayEquals(GatewayPeer.range(1, 1500), archive.seqs("gw-1"), "every seq exactly once");
            assertEquals(1500, archive.ackedUpTo("gw-1"));
            assertTrue(gw.acks.stream().allMatch(a -> a <= 1500) && isSorted(gw.acks), "acks only grow: " + gw.acks);
            assertTrue(problems.isEmpty(), problems.toString());
            var stored = Json.object(archive.cdrs("gw-1", 41, 1).get(0).json());
            assertEquals(42L, stored.get("seq"));
            assertEquals("6001", stored.get("calledNumber"), "the CDR is stored as sent");
        }
    }

    @Test
    void aJournalThatStartsAbove1IsAckedFromItsFirstSeq(@TempDir Path dir) throws Exception {
        try (Mosquitto broker = Mosquitto.start();
             CdrArchive archive = CdrArchive.open(dir.resolve("ctl.db"));
             CdrCollector collector = CdrCollector.start(BrokerLogin.anonymous(broker.url()), "ctl-test", archive, "+", "+",
                     new CdrCollector.Events() {});
             GatewayPeer gw = GatewayPeer.connect(broker.url(), "branch-1", "gw-2")) {
            gw.sendBatch(GatewayPeer.range(101, 600));
            assertEquals(600, gw.awaitAck(600, T));
            assertEquals(500, archive.count("gw-2"));
        }
    }

    @Test
    void aMalformedBatchIsNeitherStoredNorAckedAndCollectingGoesOn(@TempDir Path dir) throws Exception {
        List<String> problems = new CopyOnWriteArrayList<>();
        try (Mosquitto broker = Mosquitto.start();
             CdrArchive archive = CdrArchive.open(dir.resolve("ctl.db"));
             CdrCollector collector = CdrCollector.start(BrokerLogin.anonymous(broker.url()), "ctl-test", archive, "+", "+",
                     events(problems));
             GatewayPeer gw = GatewayPeer.connect(broker.url(), "branch-1", "gw-3")) {
            gw.publish(Topics.CDR, "{\"gatewayId\":\"gw-3\",\"first\":1,\"last\":2,\"cdrs\":[{\"seq\":1}", false);
            gw.publish(Topics.CDR, "{\"gatewayId\":\"gw-other\",\"first\":1,\"last\":1,\"cdrs\":[{\"seq\":1}]}", false);
            // a duplicate key would let a batch claim one range and carry another: refused, not "last one wins"
            gw.publish(Topics.CDR, "{\"gatewayId\":\"gw-3\",\"first\":1,\"last\":1,\"last\":2,\"cdrs\":[{\"seq\":1},{\"seq\":2}]}", false);
            gw.sendBatch(1, 2, 3);
            assertEquals(3, gw.awaitAck(3, T));
            assertEquals(List.of(3L), gw.acks, "only the good batch was acked");
            assertEquals(3, archive.count("gw-3"));
            assertEquals(3, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("not valid JSON"), problems.get(0));
            assertTrue(problems.get(1).contains("gw-other"), problems.get(1));
            assertTrue(problems.get(2).contains("Duplicate field 'last'"), problems.get(2));
        }
    }

    @Test
    void batchesPublishedWhileTheCollectorIsAwayWaitAtTheBrokerForItsSession(@TempDir Path dir) throws Exception {
        try (Mosquitto broker = Mosquitto.start();
             CdrArchive archive = CdrArchive.open(dir.resolve("ctl.db"));
             GatewayPeer gw = GatewayPeer.connect(broker.url(), "branch-1", "gw-4")) {
            BrokerLogin login = BrokerLogin.anonymous(broker.url());
            try (CdrCollector c = CdrCollector.start(login, "ctl-session", archive, "+", "+", new CdrCollector.Events() {})) {
                gw.sendBatch(GatewayPeer.range(1, 10));
                assertEquals(10, gw.awaitAck(10, T));
            }
            gw.sendBatch(GatewayPeer.range(11, 20)); // nobody connected, but the session is kept
            try (CdrCollector c = CdrCollector.start(login, "ctl-session", archive, "+", "+", new CdrCollector.Events() {})) {
                assertEquals(20, gw.awaitAck(20, T), "the queued batch was delivered on reconnect");
            }
            assertArrayEquals(GatewayPeer.range(1, 20), archive.seqs("gw-4"));
        }
    }

    @Test
    void statusAndAlarmsAreRecorded(@TempDir Path dir) throws Exception {
        try (Mosquitto broker = Mosquitto.start();
             CdrArchive archive = CdrArchive.open(dir.resolve("ctl.db"));
             CdrCollector collector = CdrCollector.start(BrokerLogin.anonymous(broker.url()), "ctl-test", archive, "+", "+",
                     new CdrCollector.Events() {});
             GatewayPeer gw = GatewayPeer.connect(broker.url(), "branch-1", "gw-5")) {
            gw.publish(Topics.STATUS, "{\"online\":true,\"gatewayId\":\"gw-5\",\"site\":\"branch-1\",\"mode\":\"NORMAL\"}", true);
            gw.publish(Topics.ALARM, "{\"id\":\"wan-lost\",\"severity\":\"major\",\"state\":\"raised\",\"text\":\"HQ unreachable\","
                    + "\"time\":\"2025-01-01T10:00:00Z\"}", false);
            long end = System.nanoTime() + T.toNanos();
            while (archive.alarms("gw-5", 10).isEmpty() && System.nanoTime() < end) Thread.sleep(20);
            assertTrue(archive.status("gw-5").orElse("").contains("\"NORMAL\""));
            AlarmEvent a = archive.alarms("gw-5", 10).get(0);
            assertEquals("wan-lost", a.id());
            assertEquals("raised", a.state());
            assertEquals("major", a.severity());
        }
    }

    private static CdrCollector.Events events(List<String> problems) {
        return new CdrCollector.Events() {
            @Override
            public void problem(String text) { problems.add(text); }
        };
    }

    private static boolean isSorted(List<Long> l) {
        for (int i = 1; i < l.size(); i++) if (l.get(i) < l.get(i - 1)) return false;
        return true;
    }
}
