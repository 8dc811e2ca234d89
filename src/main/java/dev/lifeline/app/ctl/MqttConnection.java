package dev.lifeline.app.ctl;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.tinylog.Logger;

/**
 * One MQTT 5 connection of the controller (Eclipse Paho, asynchronous client).
 *
 * <p>Why asynchronous: messages are handled on Paho's callback thread, and a synchronous
 * client waiting there for a PUBACK would wait for itself. Publishing here never blocks.
 *
 * <p>Subscriptions are remembered and made again after every (re)connect, because a broker
 * that restarted without persistence has forgotten the session even when the client asked
 * to keep it. Messages stay in memory only (no Paho file persistence in the working dir).
 */
public final class MqttConnection implements AutoCloseable {
    /** What happens on this connection. Called on Paho's callback thread: do not block for long. */
    public interface Listener {
        void message(String topic, MqttMessage message);

        default void connected(boolean reconnect) {}

        default void lost(String reason) {}
    }

    /** A one-shot client (push, cmd, status) or a long-lived collector keeping its session while away. */
    public enum Session { CLEAN, PERSISTENT }

    private static final long PERSISTENT_SESSION_EXPIRY_S = 7 * 24 * 3600;

    private final MqttAsyncClient client;
    private final List<String> filters = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private MqttConnection(MqttAsyncClient client) { this.client = client; }

    /** A client id for one-shot commands: unique, so two operators never kick each other off. */
    public static String oneShotClientId() {
        return "lifeline-ctl-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Connects, waiting at most {@code timeout}. With {@code manualAcks}, a QoS 1 message is
     * acknowledged to the broker only by {@link #complete}, so whatever the controller has not
     * stored yet is redelivered after a crash. {@code autoReconnect} retries with backoff
     * (1 s doubling to 30 s) after the connection is lost.
     */
    public static MqttConnection connect(BrokerLogin login, String clientId, Session session, boolean manualAcks,
                                         boolean autoReconnect, Listener listener, Duration timeout) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(login.url(), clientId, new MemoryPersistence());
        MqttConnection conn = new MqttConnection(c);
        c.setManualAcks(manualAcks);
        c.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
                if (!conn.closed) listener.lost(r.getReasonString() != null ? r.getReasonString() : String.valueOf(r.getException()));
            }

            @Override
            public void mqttErrorOccurred(MqttException e) { Logger.warn("mqtt: {}", e.getMessage()); }

            @Override
            public void messageArrived(String topic, MqttMessage message) { listener.message(topic, message); }

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                conn.resubscribe();
                listener.connected(reconnect);
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(session == Session.CLEAN);
        o.setSessionExpiryInterval(session == Session.CLEAN ? 0L : PERSISTENT_SESSION_EXPIRY_S);
        o.setAutomaticReconnect(autoReconnect);
        o.setAutomaticReconnectDelay(1, 30);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
        if (login.username() != null) o.setUserName(login.username());
        if (login.password() != null) o.setPassword(login.password().getBytes(StandardCharsets.UTF_8));
        try {
            c.connect(o).waitForCompletion(timeout.toMillis());
        } catch (MqttException e) {
            closeQuietly(c);
            throw e;
        }
        if (!c.isConnected()) {
            closeQuietly(c);
            throw new MqttException(org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_TIMEOUT);
        }
        return conn;
    }

    /** Subscribes now (waiting for the SUBACK) and again after each reconnect. */
    public void subscribe(String filter, int qos, Duration timeout) throws MqttException {
        filters.add(filter + "\u0000" + qos);
        client.subscribe(new MqttSubscription(filter, qos)).waitForCompletion(timeout.toMillis());
    }

    private void resubscribe() {
        for (String f : filters) {
            String[] p = f.split("\u0000");
            try {
                client.subscribe(new MqttSubscription(p[0], Integer.parseInt(p[1])));
            } catch (MqttException e) {
                Logger.warn("mqtt: cannot subscribe to {} again: {}", p[0], e.getMessage());
            }
        }
    }

    /** Publishes without waiting; the returned token completes on PUBACK (QoS 1). */
    public IMqttToken publish(String topic, String payload, int qos, boolean retained) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(qos);
        m.setRetained(retained);
        return client.publish(topic, m);
    }

    /** Acknowledges a message received with manual acks (after it is safely stored). */
    public void complete(MqttMessage m) {
        try {
            client.messageArrivedComplete(m.getId(), m.getQos());
        } catch (MqttException e) {
            Logger.warn("mqtt: cannot acknowledge message {}: {}", m.getId(), e.getMessage());
        }
    }

    public boolean isConnected() { return client.isConnected(); }

    @Override
    public void close() {
        closed = true;
        closeQuietly(client);
    }

    private static void closeQuietly(MqttAsyncClient c) {
        try {
            if (c.isConnected()) c.disconnect(2000).waitForCompletion(2000);
        } catch (MqttException ignored) {
            // closing anyway
        }
        try {
            c.close(true);
        } catch (MqttException ignored) {
            // nothing more to do
        }
    }
}
