package dev.lifeline.app.ctl;

import dev.lifeline.util.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.tinylog.Logger;

/**
 * The collecting side of the controller: subscribes to CDR batches, statuses and alarms of
 * one gateway or many, stores them in a {@link CdrArchive} and acknowledges CDRs.
 *
 * <p>The order that makes CDR sync lossless: store the batch and commit (fsync), then publish
 * {@code cdr/ack {"upTo": mark}} with the archive's contiguous mark, then acknowledge the
 * MQTT message to the broker (manual acks). A crash anywhere before the commit loses nothing:
 * the broker redelivers the message (persistent session) and the gateway still holds every
 * unacknowledged CDR. A crash after the commit only causes duplicates, which the archive drops.
 *
 * <p>Messages are handled on one worker thread, in arrival order, so Paho's thread keeps
 * reading from the socket while a batch is being committed.
 */
public final class CdrCollector implements AutoCloseable {
    /** What the collector did, for the command line's one line per batch and for tests. */
    public interface Events {
        default void batch(BatchReport r) {}

        default void status(GatewayStatus s) {}

        default void alarm(AlarmEvent a) {}

        default void problem(String text) {}

        default void connection(String text) {}
    }

    /** One batch handled: its range, what was new, and what was acknowledged. */
    public record BatchReport(String site, String gatewayId, long first, long last, int count, int inserted, int duplicates,
                              long ackedUpTo, long storeMs) {
        @Override
        public String toString() {
            return "%s/%s cdr %d..%d: %d stored, %d duplicate; acked up to %d (%d ms)".formatted(site, gatewayId, first, last,
                    inserted, duplicates, ackedUpTo, storeMs);
        }
    }

    private final CdrArchive archive;
    private final Events events;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ctl-collector");
        t.setDaemon(true);
        return t;
    });
    private volatile MqttConnection connection;
    private volatile boolean closing;

    private CdrCollector(CdrArchive archive, Events events) {
        this.archive = archive;
        this.events = events;
    }

    /**
     * Connects with a persistent session under {@code clientId} (so batches published while the
     * collector is away wait at the broker), subscribes to {@code cdr}, {@code status} and
     * {@code alarm} of {@code site}/{@code gatewayId} ({@code +} or null: all), and starts collecting.
     */
    public static CdrCollector start(BrokerLogin login, String clientId, CdrArchive archive, String site, String gatewayId,
                                     Events events) throws MqttException {
        CdrCollector c = new CdrCollector(archive, events);
        Duration t = Duration.ofSeconds(10);
        c.connection = MqttConnection.connect(login, clientId, MqttConnection.Session.PERSISTENT, true, true,
                new MqttConnection.Listener() {
                    @Override
                    public void message(String topic, MqttMessage m) {
                        // while closing, leave new messages unacknowledged: the broker keeps them for the next session
                        if (!c.closing) c.worker.execute(() -> c.handle(topic, m));
                    }

                    @Override
                    public void connected(boolean reconnect) {
                        if (reconnect) events.connection("reconnected to " + login.url());
                    }

                    @Override
                    public void lost(String reason) { events.connection("connection to " + login.url() + " lost: " + reason); }
                }, t);
        for (String kind : new String[] {Topics.CDR, Topics.STATUS, Topics.ALARM}) {
            c.connection.subscribe(Topics.of(site, gatewayId, kind), 1, t);
        }
        return c;
    }

    public CdrArchive archive() { return archive; }

    private void handle(String topic, MqttMessage m) {
        var t = Topics.parse(topic);
        try {
            if (t.isEmpty()) return;
            if (m.getPayload().length > Json.DEFAULT_MAX_BYTES) { // checked before decoding or parsing
                throw new IllegalArgumentException("payload is " + m.getPayload().length + " bytes; the limit is " + Json.DEFAULT_MAX_BYTES);
            }
            String payload = new String(m.getPayload(), StandardCharsets.UTF_8);
            String site = t.get().site(), gw = t.get().gatewayId();
            switch (t.get().kind()) {
                case Topics.CDR -> onBatch(site, gw, payload);
                case Topics.STATUS -> onStatus(site, gw, payload);
                case Topics.ALARM -> onAlarm(site, gw, payload);
                default -> { /* not ours */ }
            }
            connection.complete(m);
        } catch (IllegalArgumentException e) {
            events.problem(topic + ": refused: " + e.getMessage());
            connection.complete(m); // a malformed message will not improve by redelivery
        } catch (RuntimeException e) {
            // storage failed: leave the message unacknowledged; the gateway keeps the CDRs and sends them again
            events.problem(topic + ": not stored: " + e.getMessage());
            Logger.error(e, "collector: cannot store a message from {}", topic);
        }
    }

    private void onBatch(String site, String gw, String payload) {
        long t0 = System.nanoTime();
        CdrBatch b = CdrBatch.parse(site, gw, payload);
        CdrArchive.StoreResult r = archive.store(site, gw, b.acked(), b.cdrs());
        if (r.ackedUpTo() > 0) {
            try {
                connection.publish(Topics.of(site, gw, Topics.CDR_ACK), Json.write(Map.of("upTo", r.ackedUpTo())), 1, false);
            } catch (MqttException e) {
                // the next batch (or the gateway's re-send) carries a newer ack; nothing is lost
                events.problem(gw + ": cdr/ack upTo " + r.ackedUpTo() + " not sent: " + e.getMessage());
            }
        }
        events.batch(new BatchReport(site, gw, b.first(), b.last(), b.cdrs().size(), r.inserted(), r.duplicates(),
                r.ackedUpTo(), (System.nanoTime() - t0) / 1_000_000));
    }

    private void onStatus(String site, String gw, String payload) {
        if (payload.isEmpty()) return; // a retained status being cleared
        GatewayStatus s = GatewayStatus.fromJson(site, gw, payload);
        archive.saveStatus(site, gw, s.online(), payload);
        events.status(s);
    }

    private void onAlarm(String site, String gw, String payload) {
        AlarmEvent a = AlarmEvent.fromJson(site, gw, Json.object(payload));
        archive.saveAlarm(site, gw, a);
        events.alarm(a);
    }

    /** Finishes the messages in hand (stored and acknowledged), then disconnects, keeping the broker session. */
    @Override
    public void close() {
        MqttConnection c = connection;
        closing = true;
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (c != null) c.close();
    }
}
