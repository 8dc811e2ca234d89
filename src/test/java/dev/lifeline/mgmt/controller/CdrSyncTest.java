package dev.lifeline.mgmt.controller;

import static dev.lifeline.mgmt.controller.LinkRig.P;
import static dev.lifeline.mgmt.controller.LinkRig.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.it.MqttProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * CDR store-and-forward against a real broker, with a plain MQTT client as the controller:
 * the window of unacknowledged batches, deletion on ack (never beyond what was sent), resending
 * from the lowest unacknowledged seq after a broker restart or a resync command, prompt pickup
 * of new CDRs, and the journal alarm.
 */
class CdrSyncTest {
    private static final Duration S5 = Duration.ofSeconds(5);

    /** Waits until the sync loop has made two more passes: what it would do, it has done. */
    private static void twoMorePasses(LinkRig rig) throws Exception {
        long p = rig.link.cdrSync().passes();
        await(() -> rig.link.cdrSync().passes() >= p + 2, S5, "two more passes of the CDR sync loop");
    }

    @Test
    void aWindowOfBatchesGoesOutAndAcksDeleteNoFurtherThanWhatWasSent() throws Exception {
        try (LinkRig rig = new LinkRig(", cdr-batch: 100", "")) {
            rig.insert(1000);
            rig.start(4, 60_000);
            await(() -> rig.probe.messages(P + "cdr").size() >= 4, S5, "4 batches");
            twoMorePasses(rig);
            List<MqttProbe.Msg> sent = rig.probe.messages(P + "cdr");
            assertEquals(4, sent.size(), "no more than the window without acks");
            for (int i = 0; i < 4; i++) {
                Map<String, Object> b = sent.get(i).json();
                assertEquals(i * 100 + 1, ((Number) b.get("first")).intValue());
                assertEquals(i * 100 + 100, ((Number) b.get("last")).intValue());
                assertEquals("gw-demo", b.get("gatewayId"));
                assertEquals("demo-branch", b.get("site"));
                List<?> list = (List<?>) b.get("cdrs");
                assertEquals(100, list.size());
                assertEquals(i * 100 + 1, ((Number) ((Map<?, ?>) list.get(0)).get("seq")).intValue());
            }
            assertEquals(1000, rig.cdrs.count(), "nothing deleted before an ack");

            rig.probe.publish(P + "cdr/ack", "{\"upTo\": 150}");
            await(() -> rig.cdrs.firstSeq() == 151, S5, "deleted up to 150");
            await(() -> rig.probe.messages(P + "cdr").size() == 5, S5, "a fifth batch once the first is acked");
            twoMorePasses(rig);
            assertEquals(5, rig.probe.messages(P + "cdr").size(), "101..200 is still in flight");

            rig.probe.publish(P + "cdr/ack", "{\"upTo\": 100000}");
            await(() -> rig.cdrs.firstSeq() == 501, S5, "deleted up to the highest seq sent (500)");
            await(() -> rig.probe.messages(P + "cdr").size() == 9, S5, "the window refills");
            twoMorePasses(rig);
            assertEquals(501, rig.cdrs.firstSeq(), "an ack never covers CDRs sent after it arrived");
            assertEquals(500, rig.cdrs.count());
        }
    }

    @Test
    void anAckThatIsNotStrictJsonOrTooBigDeletesNothing() throws Exception {
        try (LinkRig rig = new LinkRig(", cdr-batch: 100", "")) {
            rig.insert(1000);
            rig.start(4, 60_000);
            await(() -> rig.probe.messages(P + "cdr").size() >= 4, S5, "4 batches (1..400) in flight");
            String pad = "x".repeat(ConfigEnvelope.MAX_BYTES);
            for (String bad : List.of(
                    "{\"upTo\": 10, \"upTo\": 300}",           // duplicate key: neither value is believed
                    "{\"upTo\": 300.0}",                        // not a whole number
                    "{\"upTo\": 300} {\"upTo\": 1}",            // trailing value
                    "{upTo: 300}",                               // YAML, which the old reader took
                    "{\"upTo\": 300, \"pad\": \"" + pad + "\"}")) { // over config/set's 256 KiB
                rig.probe.publish(P + "cdr/ack", bad);
            }
            rig.probe.publish(P + "cdr/ack", "{\"upTo\": 20}");
            // acks only move forward and arrive in order: had any bad one counted, the journal would start above 300
            await(() -> rig.cdrs.firstSeq() == 21, S5, "only the good ack deleted (1..20)");
            assertEquals(980, rig.cdrs.count());
        }
    }

    @Test
    void aBacklogWaitsForTheBrokerAndDrainsInOrderExactlyOnceWithAcks() throws Exception {
        try (LinkRig rig = new LinkRig(", cdr-batch: 100", "")) {
            rig.broker.stop();
            rig.insert(1000);
            // the probe may subscribe again after the gateway's first batches (the test broker keeps no
            // sessions): a short ack timeout makes the gateway send them again
            rig.start(4, 3_000);
            twoMorePasses(rig);
            assertFalse(rig.link.online(), "no broker yet; the gateway side keeps running");
            rig.broker.startAgain();
            rig.probe.autoAckCdrsFrom(1); // a batch the probe missed while resubscribing is sent again, not acked by a later one
            await(() -> rig.cdrs.count() == 0, Duration.ofSeconds(30), "journal drained");
            TreeSet<Long> seqs = seqs(rig.probe.messages(P + "cdr"));
            assertEquals(1000, seqs.size());
            assertEquals(1L, seqs.first());
            assertEquals(1000L, seqs.last());
            assertInOrder(rig.probe.messages(P + "cdr"));
            assertNotNull(rig.link.cdrSync().lastDrain());
            assertEquals(1000, rig.link.cdrSync().lastDrain().cdrs());
        }
    }

    @Test
    void afterABrokerRestartSendingStartsAgainFromTheLowestUnacknowledgedSeq() throws Exception {
        try (LinkRig rig = new LinkRig(", cdr-batch: 50", "")) {
            rig.insert(600);
            rig.start(4, 3_000);
            rig.awaitOnline();
            await(() -> rig.probe.messages(P + "cdr").size() >= 4, S5, "first window");
            rig.probe.publish(P + "cdr/ack", "{\"upTo\": 100}");
            await(() -> rig.cdrs.firstSeq() == 101, S5, "first two batches acked");
            rig.broker.stop();
            await(() -> !rig.link.online(), S5, "link sees the broker go");
            rig.broker.startAgain();
            // a fresh subscriber, connected at once: the rig's probe reconnects on its own timer and
            // could miss the first batch the link re-sends
            try (MqttProbe fresh = MqttProbe.connect(rig.broker.url(), "lifeline/v1/#")) {
                rig.awaitOnline();
                MqttProbe.Msg first = fresh.await(P + "cdr", m -> true, Duration.ofSeconds(10));
                assertNotNull(first, "sending resumes");
                assertEquals(101, ((Number) first.json().get("first")).intValue(), "from the lowest unacknowledged seq");
                assertEquals(100, ((Number) first.json().get("acked")).intValue(), "and says what was acknowledged before");
                fresh.autoAckCdrs(true);
                fresh.publish(P + "cdr/ack", "{\"upTo\": 300}");
                await(() -> rig.cdrs.count() == 0, Duration.ofSeconds(10), "rest drained");
            }
            assertEquals(600, rig.cdrs.lastSeq());
        }
    }

    @Test
    void aResyncCommandResendsEverythingUnacknowledged() throws Exception {
        try (LinkRig rig = new LinkRig(", cdr-batch: 10", "")) {
            rig.insert(25);
            rig.start();
            await(() -> rig.probe.messages(P + "cdr").size() == 3, S5, "three batches");
            rig.probe.publish(P + "cdr/ack", "{\"upTo\": 10}");
            await(() -> rig.cdrs.firstSeq() == 11, S5, "first batch acked");
            rig.probe.clear();
            rig.probe.publish(P + "cmd", "{\"command\": \"resync-cdrs\", \"requestId\": \"c-7\"}");
            Map<String, Object> ack = rig.probe.awaitJson(P + "cmd/ack", "requestId", "c-7", S5);
            assertNotNull(ack);
            assertEquals("ok", ack.get("status"));
            assertEquals("resync-cdrs", ack.get("command"));
            assertTrue(String.valueOf(ack.get("message")).contains("from seq 11"), ack.toString());
            await(() -> rig.probe.messages(P + "cdr").size() == 2, S5, "resent");
            assertEquals(11, ((Number) rig.probe.messages(P + "cdr").get(0).json().get("first")).intValue());
            assertEquals(25, ((Number) rig.probe.messages(P + "cdr").get(1).json().get("last")).intValue());
        }
    }

    @Test
    void aNewCdrIsSentPromptly() throws Exception {
        try (LinkRig rig = new LinkRig()) {
            rig.probe.autoAckCdrs(true);
            rig.start();
            rig.awaitOnline();
            twoMorePasses(rig); // idle: the next CDR is found by a poll, not by the start-up pass
            long t0 = System.nanoTime();
            rig.insert(1); // no nudge: the 200 ms poll must find it
            MqttProbe.Msg m = rig.probe.await(P + "cdr", x -> true, Duration.ofSeconds(2));
            assertNotNull(m);
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "within a second without a nudge");
            await(() -> rig.cdrs.count() == 0, S5, "acked and deleted");
            rig.probe.clear();
            t0 = System.nanoTime();
            rig.insert(1);
            rig.link.cdrWritten();
            assertNotNull(rig.probe.await(P + "cdr", x -> true, Duration.ofSeconds(2)));
            assertTrue(System.nanoTime() - t0 < 500_000_000L, "at once with a nudge");
        }
    }

    @Test
    void aFullJournalRaisesTheAlarmAndKeepsEveryCdr() throws Exception {
        try (LinkRig rig = new LinkRig("", "storage: { cdr-journal-limit: 10 }\n")) {
            rig.start();
            rig.awaitOnline();
            rig.insert(8);
            Map<String, Object> major = rig.probe.awaitJson(P + "alarm", "severity", "major", S5);
            assertNotNull(major, "major at 80 %");
            assertEquals("journal-filling", major.get("id"));
            assertEquals("raised", major.get("state"));
            rig.insert(4);
            Map<String, Object> critical = rig.probe.awaitJson(P + "alarm", "severity", "critical", S5);
            assertNotNull(critical, "critical at 95 %");
            Map<String, Object> status = rig.probe.await(P + "status",
                    m -> m.payload().contains("\"severity\":\"critical\""), S5).json();
            assertEquals(12L, ((Number) status.get("cdrBacklog")).longValue());
            rig.insert(5);
            assertEquals(17, rig.cdrs.count(), "over the limit, nothing is dropped");
            rig.probe.autoAckCdrs(true);
            rig.link.cdrSync().resync();
            assertNotNull(rig.probe.awaitJson(P + "alarm", "state", "cleared", S5), "cleared once drained");
            assertEquals(0, rig.cdrs.count());
        }
    }

    private static TreeSet<Long> seqs(List<MqttProbe.Msg> batches) {
        TreeSet<Long> out = new TreeSet<>();
        for (MqttProbe.Msg m : batches) {
            for (Object c : (List<?>) m.json().get("cdrs")) out.add(((Number) ((Map<?, ?>) c).get("seq")).longValue());
        }
        return out;
    }

    /**
     * The gateway sends in seq order: strictly increasing across batches when the probe saw every
     * batch the first time. When the probe missed some (it resubscribed after the gateway's first
     * sends) those come again after the ack timeout, so only each batch's own order is observable.
     */
    private static void assertInOrder(List<MqttProbe.Msg> batches) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        boolean resent = false;
        for (MqttProbe.Msg m : batches) {
            for (Object c : (List<?>) m.json().get("cdrs")) resent |= !seen.add(((Number) ((Map<?, ?>) c).get("seq")).longValue());
        }
        long last = 0;
        for (MqttProbe.Msg m : batches) {
            if (resent) last = 0;
            for (Object c : (List<?>) m.json().get("cdrs")) {
                long seq = ((Number) ((Map<?, ?>) c).get("seq")).longValue();
                assertTrue(seq > last, "strictly increasing: " + seq + " after " + last);
                last = seq;
            }
        }
    }
}
