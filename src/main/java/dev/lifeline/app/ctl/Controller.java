package dev.lifeline.app.ctl;

import dev.lifeline.util.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * The reference controller as a library: push a config and wait for its ack, send a command
 * and wait for its ack, read the retained statuses. One MQTT connection with a clean session;
 * the {@code lifeline ctl} commands and the tests use it the same way. Collecting CDRs is
 * {@link CdrCollector} (a long-lived connection with its own session).
 *
 * <p>Replies are matched by {@code requestId}: the controller subscribes to the reply topic
 * before it publishes, so a fast gateway cannot answer into the void.
 */
public final class Controller implements AutoCloseable {
    private static final Set<String> OUTCOMES = Set.of("done", "failed");
    private static final String OUTCOME = "/outcome";
    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);

    private final MqttConnection connection;
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final Map<String, GatewayStatus> statuses = new ConcurrentHashMap<>();
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    private volatile long lastStatusNanos = System.nanoTime();

    private Controller(MqttConnection connection) { this.connection = connection; }

    /** Connects to the broker (at most 10 s). */
    public static Controller connect(BrokerLogin login) throws MqttException {
        Controller[] self = new Controller[1];
        MqttConnection c = MqttConnection.connect(login, MqttConnection.oneShotClientId(), MqttConnection.Session.CLEAN, false,
                false, (topic, m) -> self[0].onMessage(topic, m), Duration.ofSeconds(10));
        self[0] = new Controller(c);
        return self[0];
    }

    /** Connects to an anonymous broker at {@code url}. */
    public static Controller connect(String url) throws MqttException {
        return connect(BrokerLogin.anonymous(url));
    }

    private void onMessage(String topic, MqttMessage m) {
        var t = Topics.parse(topic);
        if (t.isEmpty()) return;
        if (m.getPayload().length > Json.DEFAULT_MAX_BYTES) { // checked before decoding or parsing
            org.tinylog.Logger.warn("{}: ignored a payload of {} bytes (the limit is {})", topic, m.getPayload().length, Json.DEFAULT_MAX_BYTES);
            return;
        }
        String payload = new String(m.getPayload(), StandardCharsets.UTF_8);
        try {
            switch (t.get().kind()) {
                case Topics.STATUS -> {
                    if (payload.isEmpty()) {
                        statuses.remove(t.get().site() + "/" + t.get().gatewayId());
                    } else {
                        statuses.put(t.get().site() + "/" + t.get().gatewayId(),
                                GatewayStatus.fromJson(t.get().site(), t.get().gatewayId(), payload));
                    }
                    lastStatusNanos = System.nanoTime();
                }
                case Topics.CONFIG_ACK, Topics.CMD_ACK -> {
                    Map<String, Object> ack = Json.object(payload);
                    Object id = ack.get("requestId");
                    // a command's later outcome (upgrade: done/failed) goes to whoever waits for the outcome
                    String key = t.get().kind() + "/" + id + (OUTCOMES.contains(String.valueOf(ack.get("status"))) ? OUTCOME : "");
                    CompletableFuture<String> f = id == null ? null : pending.remove(key);
                    if (f != null) f.complete(payload);
                }
                default -> { /* not for us */ }
            }
        } catch (IllegalArgumentException e) {
            org.tinylog.Logger.warn("{}: ignored malformed message: {}", topic, e.getMessage());
        }
    }

    /**
     * Publishes {@code config/set} with a whole site config and waits for the ack.
     *
     * @param config YAML text of the site config, or a {@code Map} with its structure (sent as a JSON object)
     * @throws TimeoutException no ack within {@code timeout}
     */
    public ConfigAck push(String site, String gatewayId, long version, Object config, Duration timeout)
            throws MqttException, TimeoutException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.put("requestId", "r-" + UUID.randomUUID().toString().substring(0, 8));
        body.put("config", config);
        return ConfigAck.fromJson(request(site, gatewayId, Topics.CONFIG_SET, Topics.CONFIG_ACK, body, timeout));
    }

    /**
     * Publishes a {@code cmd} and waits for its ack.
     *
     * @param command {@code force-mode}, {@code resync-cdrs}, {@code reboot}
     * @param args    further fields, e.g. {@code {"mode": "survival"}}
     */
    public CmdAck command(String site, String gatewayId, String command, Map<String, Object> args, Duration timeout)
            throws MqttException, TimeoutException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("command", command);
        body.putAll(args);
        body.put("requestId", "c-" + UUID.randomUUID().toString().substring(0, 8));
        return CmdAck.fromJson(request(site, gatewayId, Topics.CMD, Topics.CMD_ACK, body, timeout));
    }

    /**
     * Publishes {@code upgrade} ({@code url}, {@code sha256}, optionally {@code size}) and waits for
     * its first ack; when that is {@code ok} and {@code outcomeTimeout} is positive, also for the
     * outcome ({@code done} or {@code failed}), which the gateway sends after the download, the
     * install and the restart, from whichever version then runs.
     *
     * @return the acks received: the first, then the outcome if waited for and it came in time
     * @throws TimeoutException no first ack within {@code timeout}
     */
    public List<CmdAck> upgrade(String site, String gatewayId, Map<String, Object> args, Duration timeout, Duration outcomeTimeout)
            throws MqttException, TimeoutException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("command", "upgrade");
        body.putAll(args);
        String id = "c-" + UUID.randomUUID().toString().substring(0, 8);
        body.put("requestId", id);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        String key = Topics.CMD_ACK + "/" + id + OUTCOME;
        pending.put(key, outcome); // before publishing: a refusal can come as fast as the first ack
        try {
            List<CmdAck> acks = new ArrayList<>();
            CmdAck first = CmdAck.fromJson(request(site, gatewayId, Topics.CMD, Topics.CMD_ACK, body, timeout));
            acks.add(first);
            if (outcome.isDone() || first.ok() && !outcomeTimeout.isZero()) {
                try {
                    acks.add(CmdAck.fromJson(outcome.get(outcomeTimeout.toMillis(), TimeUnit.MILLISECONDS)));
                } catch (TimeoutException e) {
                    // the caller reports that no outcome came in time
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return acks;
        } finally {
            pending.remove(key);
        }
    }

    /** Sends {@code body} (which carries a requestId) on {@code kind} and returns the matching reply. */
    public String request(String site, String gatewayId, String kind, String replyKind, Map<String, Object> body, Duration timeout)
            throws MqttException, TimeoutException, InterruptedException {
        subscribeOnce(Topics.of(site, gatewayId, replyKind));
        String id = String.valueOf(body.get("requestId"));
        CompletableFuture<String> reply = new CompletableFuture<>();
        pending.put(replyKind + "/" + id, reply);
        try {
            connection.publish(Topics.of(site, gatewayId, kind), Json.write(body), 1, false)
                    .waitForCompletion(timeout.toMillis());
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pending.remove(replyKind + "/" + id);
        }
    }

    /**
     * The retained statuses of {@code site}/{@code gatewayId} ({@code +} or null: all), sorted by
     * site and gateway. The broker sends them right after the subscription; this waits until
     * none has arrived for 300 ms, at most {@code wait}.
     */
    public List<GatewayStatus> statuses(String site, String gatewayId, Duration wait) throws MqttException, InterruptedException {
        subscribeOnce(Topics.of(site, gatewayId, Topics.STATUS));
        long end = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < end && System.nanoTime() - lastStatusNanos < 300_000_000L) Thread.sleep(20);
        List<GatewayStatus> out = new ArrayList<>();
        for (GatewayStatus s : statuses.values()) {
            if ((site == null || site.equals("+") || site.equals(s.site()))
                    && (gatewayId == null || gatewayId.equals("+") || gatewayId.equals(s.gatewayId()))) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(GatewayStatus::site).thenComparing(GatewayStatus::gatewayId));
        return out;
    }

    /** Waits until the status of one gateway satisfies {@code test}; returns it, or null after {@code timeout}. */
    public GatewayStatus awaitStatus(String site, String gatewayId, Predicate<GatewayStatus> test, Duration timeout)
            throws MqttException, InterruptedException {
        subscribeOnce(Topics.of(site, gatewayId, Topics.STATUS));
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            GatewayStatus s = statuses.get(site + "/" + gatewayId);
            if (s != null && test.test(s)) return s;
            if (System.nanoTime() > end) return null;
            Thread.sleep(20);
        }
    }

    private void subscribeOnce(String filter) throws MqttException {
        if (subscribed.add(filter)) {
            lastStatusNanos = System.nanoTime();
            connection.subscribe(filter, 1, SUBSCRIBE_TIMEOUT);
        }
    }

    @Override
    public void close() { connection.close(); }

    /** Convenience for callers holding a JSON payload of their own. */
    public void publish(String topic, String payload, int qos, boolean retained) throws MqttException {
        connection.publish(topic, payload, qos, retained).waitForCompletion(5000);
    }
}
