package dev.lifeline.app.ctl;

import dev.lifeline.util.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * The gateway's side of the protocol, scripted: publishes CDR batches, statuses and alarms the
 * way docs/controller-protocol.md says, records the controller's cdr/ack, and answers
 * config/set and cmd with whatever a test decides. Tests the controller without a gateway.
 */
final class GatewayPeer implements AutoCloseable {
    final String site, gw;
    private final MqttConnection conn;
    final List<Long> acks = new CopyOnWriteArrayList<>();
    final BlockingQueue<Map<String, Object>> requests = new LinkedBlockingQueue<>();
    private volatile Function<Map<String, Object>, Map<String, Object>> configAnswer = r -> null;
    private volatile Function<Map<String, Object>, Map<String, Object>> cmdAnswer = r -> null;

    private GatewayPeer(String url, String site, String gw) throws MqttException {
        this.site = site;
        this.gw = gw;
        GatewayPeer self = this;
        this.conn = MqttConnection.connect(BrokerLogin.anonymous(url), gw, MqttConnection.Session.CLEAN, false, false,
                (topic, m) -> self.onMessage(topic, m), Duration.ofSeconds(5));
        for (String kind : List.of(Topics.CDR_ACK, Topics.CONFIG_SET, Topics.CMD)) {
            conn.subscribe(Topics.of(site, gw, kind), 1, Duration.ofSeconds(5));
        }
    }

    static GatewayPeer connect(String url, String site, String gw) throws MqttException {
        return new GatewayPeer(url, site, gw);
    }

    @SuppressWarnings("unchecked")
    private void onMessage(String topic, MqttMessage m) {
        var t = Topics.parse(topic).orElseThrow();
        String payload = new String(m.getPayload(), StandardCharsets.UTF_8);
        Map<String, Object> body = Json.object(payload);
        requests.add(body);
        try {
            switch (t.kind()) {
                case Topics.CDR_ACK -> acks.add((Long) body.get("upTo"));
                case Topics.CONFIG_SET -> {
                    Map<String, Object> a = configAnswer.apply(body);
                    if (a != null) conn.publish(Topics.of(site, gw, Topics.CONFIG_ACK), Json.write(a), 1, false);
                }
                case Topics.CMD -> {
                    Map<String, Object> a = cmdAnswer.apply(body);
                    if (a != null) conn.publish(Topics.of(site, gw, Topics.CMD_ACK), Json.write(a), 1, false);
                }
                default -> { }
            }
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    void answerConfig(Function<Map<String, Object>, Map<String, Object>> f) { configAnswer = f; }

    void answerCmd(Function<Map<String, Object>, Map<String, Object>> f) { cmdAnswer = f; }

    /** Publishes CDRs with the given seqs as one batch (first..last = min..max). */
    void sendBatch(long... seqs) throws MqttException {
        List<Object> cdrs = new ArrayList<>();
        long first = Long.MAX_VALUE, last = 0;
        for (long s : seqs) {
            cdrs.add(cdr(gw, s));
            first = Math.min(first, s);
            last = Math.max(last, s);
        }
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("gatewayId", gw);
        b.put("site", site);
        b.put("first", first);
        b.put("last", last);
        b.put("cdrs", cdrs);
        publish(Topics.CDR, Json.write(b), false);
    }

    /** seqs from..to inclusive. */
    static long[] range(long from, long to) {
        long[] r = new long[(int) (to - from + 1)];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }

    void publish(String kind, String payload, boolean retained) throws MqttException {
        conn.publish(Topics.of(site, gw, kind), payload, 1, retained).waitForCompletion(5000);
    }

    /** Waits until an ack with upTo ≥ {@code upTo} arrived; returns the last ack seen. */
    long awaitAck(long upTo, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!acks.isEmpty() && acks.get(acks.size() - 1) >= upTo) break;
            Thread.sleep(10);
        }
        return acks.isEmpty() ? 0 : acks.get(acks.size() - 1);
    }

    Map<String, Object> nextRequest(Duration timeout) throws InterruptedException {
        return requests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A CDR as the gateway publishes it (docs/controller-protocol.md). */
    static Map<String, Object> cdr(String gw, long seq) {
        Instant start = Instant.parse("2025-01-01T10:00:00Z").plusSeconds(seq * 10);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("seq", seq);
        c.put("uuid", java.util.UUID.nameUUIDFromBytes((gw + seq).getBytes(StandardCharsets.UTF_8)).toString());
        c.put("gatewayId", gw);
        c.put("direction", "internal");
        c.put("callingNumber", "6000");
        c.put("callingName", "Reception");
        c.put("calledDialled", "6001");
        c.put("calledNumber", "6001");
        c.put("srcLeg", "fxs:fxs1");
        c.put("dstLeg", "fxs:fxs2");
        c.put("start", start.toString());
        c.put("answer", start.plusSeconds(1).toString());
        c.put("end", start.plusSeconds(3).toString());
        c.put("durationSeconds", 3L);
        c.put("billableSeconds", 2L);
        c.put("q850Cause", 16L);
        c.put("sipStatus", null);
        c.put("mode", "normal");
        c.put("codec", null);
        c.put("rtp", null);
        return c;
    }

    @Override
    public void close() { conn.close(); }
}
