package dev.lifeline.it;

import dev.lifeline.util.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A plain MQTT client standing in for the controller in tests: records every message under a
 * topic filter, publishes commands and configs, and can acknowledge CDR batches itself. It
 * reconnects and subscribes again when the broker comes back (the test broker keeps no sessions).
 */
public final class MqttProbe implements AutoCloseable {
    /** One message as received; {@link #json()} parses the payload. */
    public record Msg(String topic, String payload, boolean retained, long atNanos) {
        @SuppressWarnings("unchecked")
        public Map<String, Object> json() { return (Map<String, Object>) Json.parse(payload); }
    }

    private final MqttClient client;
    private final String filter;
    private final List<Msg> messages = new ArrayList<>();
    private volatile boolean autoAckCdrs;
    /** With {@link #autoAckCdrsFrom}: the next seq the probe must have seen before it acks past it; 0 = ack what arrives. */
    private long contiguousFrom;
    private volatile boolean paused;

    private MqttProbe(String url, String filter) throws MqttException {
        this.filter = filter;
        this.client = new MqttClient(url, "probe-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override public void disconnected(MqttDisconnectResponse r) { }
            @Override public void mqttErrorOccurred(MqttException e) { }
            @Override public void messageArrived(String topic, MqttMessage m) { received(topic, m); }
            @Override public void deliveryComplete(IMqttToken t) { }
            @Override public void connectComplete(boolean reconnect, String uri) {
                if (reconnect) {
                    new Thread(() -> {
                        try {
                            client.subscribe(filter, 1);
                        } catch (MqttException e) {
                            // the next reconnect tries again
                        }
                    }).start();
                }
            }
            @Override public void authPacketArrived(int reason, MqttProperties p) { }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 1);
        client.connect(o);
        client.subscribe(filter, 1);
    }

    /** Connects to {@code url} and subscribes to {@code topicFilter} (e.g. {@code lifeline/v1/#}). */
    public static MqttProbe connect(String url, String topicFilter) throws MqttException {
        return new MqttProbe(url, topicFilter);
    }

    /** Answers every {@code .../cdr} batch with {@code cdr/ack} up to its last seq. */
    public MqttProbe autoAckCdrs(boolean on) {
        autoAckCdrs = on;
        return this;
    }

    /**
     * Acknowledges like a controller that stores what it gets: only up to the last seq it has
     * received without a gap from {@code firstSeq} on. A batch the probe missed (it was not
     * subscribed yet when the broker came back) is therefore sent again after the gateway's ack
     * timeout instead of being covered by a later batch's ack.
     */
    public synchronized MqttProbe autoAckCdrsFrom(long firstSeq) {
        contiguousFrom = firstSeq;
        autoAckCdrs = true;
        return this;
    }

    /** While paused, CDR batches are recorded but not acknowledged. */
    public void pauseAcks(boolean on) { paused = on; }

    private void received(String topic, MqttMessage m) {
        Msg msg = new Msg(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained(), System.nanoTime());
        synchronized (messages) {
            messages.add(msg);
            messages.notifyAll();
        }
        if (autoAckCdrs && !paused && topic.endsWith("/cdr")) {
            Object last = msg.json().get("last");
            Object upTo = last;
            synchronized (this) {
                if (contiguousFrom > 0) {
                    long first = ((Number) msg.json().get("first")).longValue();
                    if (first <= contiguousFrom) contiguousFrom = Math.max(contiguousFrom, ((Number) last).longValue() + 1);
                    upTo = contiguousFrom - 1;
                }
            }
            String ackTopic = topic + "/ack";
            Object ack = upTo;
            if (((Number) ack).longValue() > 0) new Thread(() -> publish(ackTopic, Json.write(Map.of("upTo", ack)))).start();
        }
    }

    public void publish(String topic, String payload) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    public void publish(String topic, byte[] payload) {
        try {
            client.publish(topic, payload, 1, false);
        } catch (MqttException e) {
            throw new IllegalStateException("publish to " + topic + ": " + e, e);
        }
    }

    /** Every message so far whose topic ends with {@code suffix} (e.g. {@code /status}). */
    public List<Msg> messages(String suffix) {
        synchronized (messages) {
            return messages.stream().filter(m -> m.topic().endsWith(suffix)).toList();
        }
    }

    public void clear() {
        synchronized (messages) {
            messages.clear();
        }
    }

    /** Waits for a message on a topic ending with {@code suffix} that matches; null on timeout. */
    public Msg await(String suffix, Predicate<Msg> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (messages) {
            while (true) {
                for (Msg m : messages) {
                    if (m.topic().endsWith(suffix) && match.test(m)) return m;
                }
                long left = end - System.nanoTime();
                if (left <= 0) return null;
                messages.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** The first message on {@code suffix} whose JSON has {@code key} equal to {@code value}. */
    public Map<String, Object> awaitJson(String suffix, String key, Object value, Duration timeout) throws InterruptedException {
        Msg m = await(suffix, x -> String.valueOf(value).equals(String.valueOf(x.json().get(key))), timeout);
        return m == null ? null : m.json();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) client.disconnect();
            client.close();
        } catch (MqttException e) {
            // test teardown
        }
    }
}
