package dev.lifeline.mgmt.controller;

import dev.lifeline.config.ControllerConfig;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.ConfigVersions;
import dev.lifeline.survival.Mode;
import dev.lifeline.util.Clock;
import dev.lifeline.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.tinylog.Logger;

/**
 * The gateway's link to the central controller over MQTT 5 (DESIGN §9): status, config push,
 * CDR sync, alarms and commands on {@code lifeline/v1/<site>/<gatewayId>/...}.
 *
 * <p>The client id is the gateway id, with a persistent session (clean start off, session expiry
 * a week), so QoS 1 messages for the gateway queue at the broker while it is away. The will
 * marks the gateway offline in the retained status. Reconnecting is done here rather than by
 * Paho: Paho only reconnects after a first successful connect and without jitter, and a broker
 * that is down when the gateway starts must neither stop the gateway nor be given up on. Each
 * connection gets a fresh Paho client: a reused one resends its in-flight messages with the old
 * connection's topic aliases, which the broker rejects as a protocol error (CdrSync resends what
 * matters anyway).
 *
 * <p>Threads: Paho's own; {@code controller} (connects, handles config pushes and commands,
 * polls status every 100 ms); {@code cdr-sync} (see {@link CdrSync}); {@code reboot} when asked.
 * Nothing here ever runs on, or blocks, the engine thread except the short snapshot and apply
 * calls the gateway itself schedules there.
 */
public final class ControllerLink implements AutoCloseable {
    /** Exit status of a {@code reboot} command: the supervisor (systemd) restarts the gateway. */
    public static final int EXIT_REBOOT = 75;
    static final long RECONNECT_MIN_MS = 1_000;
    static final long STATUS_POLL_MS = 100;
    static final int PENDING_ALARMS = 100;

    private final ControllerConfig cfg;
    private final GatewayControl gw;
    private final Topics topics;
    private volatile MqttAsyncClient client;
    private final ScheduledExecutorService exec;
    private final Backoff backoff;
    private final Alarms alarms;
    private final CdrSync cdrSync;
    private final ConfigPush configPush;
    private final Commands commands;
    private final StatusPublisher status;
    private final FirmwareReports firmwareReports;
    private final ArrayDeque<Alarms.Event> pendingAlarms = new ArrayDeque<>();
    private final Outbox outbox = new Outbox() {
        @Override public boolean online() { return online; }
        @Override public boolean publish(String topic, String json, int qos, boolean retained) {
            return send(topic, json, qos, retained) != null;
        }
    };
    private ScheduledFuture<?> reconnect;
    private String lastFailure;
    private volatile boolean online;
    private volatile boolean closed;

    private ControllerLink(GatewayControl gw, CdrStore cdrs, VersionedConfig config, Clock clock,
                           int window, long ackTimeoutMs) throws MqttException {
        this.gw = gw;
        this.cfg = gw.running().controller();
        this.topics = new Topics(gw.running().site(), gw.running().gatewayId());
        newClient().close(true); // checks the URL now, not at the first connect
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "controller");
            t.setDaemon(true);
            return t;
        });
        this.backoff = new Backoff(RECONNECT_MIN_MS, Math.max(RECONNECT_MIN_MS, cfg.reconnectMaxMs()), ThreadLocalRandom.current());
        this.alarms = new Alarms(clock::now);
        this.cdrSync = new CdrSync(cdrs, outbox, topics, cfg.cdrBatch(), window, ackTimeoutMs,
                new JournalWatch(alarms, gw.running().storage().cdrJournalLimit()), clock);
        this.configPush = new ConfigPush(gw, config, alarms);
        this.commands = new Commands(gw, cdrSync);
        this.status = new StatusPublisher(gw, topics, alarms, configPush::running, cdrSync::backlog, outbox, clock);
        alarms.setSink(ev -> onExec(() -> publishAlarm(ev)));
        this.firmwareReports = new FirmwareReports(gw.firmware(), topics);
        if (gw.firmware() != null) gw.firmware().addListener(r -> onExec(() -> { if (online) firmwareReports.publish(this); }));
    }

    /**
     * Starts the link for {@code gw}'s {@code controller} section and returns at once; connecting
     * happens in the background and is retried for as long as the gateway runs.
     *
     * @param runningVersion the config version the gateway started with (0 = the file)
     */
    public static ControllerLink start(GatewayControl gw, CdrStore cdrs, ConfigVersions versions, long runningVersion,
                                       Clock clock) {
        return start(gw, cdrs, new VersionedConfig(gw, versions, runningVersion, clock::now), clock);
    }

    /** As above, on the gateway's shared versioned config (which TR-069 changes too). */
    public static ControllerLink start(GatewayControl gw, CdrStore cdrs, VersionedConfig config, Clock clock) {
        return start(gw, cdrs, config, clock, CdrSync.DEFAULT_WINDOW, CdrSync.DEFAULT_ACK_TIMEOUT_MS);
    }

    static ControllerLink start(GatewayControl gw, CdrStore cdrs, ConfigVersions versions, long runningVersion, Clock clock,
                                int window, long ackTimeoutMs) {
        return start(gw, cdrs, new VersionedConfig(gw, versions, runningVersion, clock::now), clock, window, ackTimeoutMs);
    }

    static ControllerLink start(GatewayControl gw, CdrStore cdrs, VersionedConfig config, Clock clock,
                                int window, long ackTimeoutMs) {
        ControllerLink link;
        try {
            link = new ControllerLink(gw, cdrs, config, clock, window, ackTimeoutMs);
        } catch (MqttException e) {
            throw new IllegalArgumentException("controller.url " + gw.running().controller().url() + ": " + e.getMessage(), e);
        }
        gw.addModeListener((from, to, cause) -> {
            if (to != Mode.NORMAL) link.alarms.raise(Alarms.WAN_LOST, Alarms.Severity.MAJOR, "HQ unreachable: mode " + to + " (" + cause + ")");
            else link.alarms.clear(Alarms.WAN_LOST, "mode NORMAL (" + cause + ")");
        });
        link.cdrSync.start();
        link.exec.scheduleWithFixedDelay(link::pollStatus, STATUS_POLL_MS, STATUS_POLL_MS, TimeUnit.MILLISECONDS);
        Logger.info("controller link: connecting to {} as {} (topics {}#)", link.cfg.url(), link.topics.gatewayId(),
                link.topics.prefix());
        link.exec.execute(link::connect);
        return link;
    }

    public Topics topics() { return topics; }

    /** Connected to the broker and subscribed. */
    public boolean online() { return online; }

    public Alarms alarms() { return alarms; }

    public CdrSync cdrSync() { return cdrSync; }

    /** The config version running now (0 = the file). */
    public long runningConfigVersion() { return configPush.running(); }

    /** A CDR was written: send it without waiting for the next poll. */
    public void cdrWritten() { cdrSync.nudge(); }

    // ---- connection ------------------------------------------------------------------------

    private MqttAsyncClient newClient() throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(cfg.url(), topics.gatewayId(), new MemoryPersistence());
        c.setCallback(new Callback(c));
        return c;
    }

    private void connect() {
        if (closed) return;
        MqttAsyncClient old = client;
        if (old != null && old.isConnected()) return;
        if (old != null) discard(old);
        MqttConnectionOptions o;
        try {
            o = ConnectOptions.of(cfg, topics);
        } catch (IOException e) {
            connectFailed(e.getMessage());
            return;
        }
        MqttAsyncClient c;
        try {
            c = newClient();
        } catch (MqttException e) {
            connectFailed(reason(e));
            return;
        }
        client = c;
        try {
            c.connect(o, null, new MqttActionListener() {
                @Override public void onSuccess(IMqttToken token) {
                    boolean session = token.getSessionPresent();
                    onExec(() -> connected(c, session));
                }
                @Override public void onFailure(IMqttToken token, Throwable e) {
                    if (c == client) connectFailed(reason(e));
                }
            });
        } catch (MqttException e) {
            connectFailed(reason(e));
        }
    }

    private void connected(MqttAsyncClient c, boolean sessionPresent) {
        if (closed || c != client) return;
        try {
            c.subscribe(new String[] {topics.configSet(), topics.cdrAck(), topics.cmd()}, new int[] {1, 1, 1})
                    .waitForCompletion(ConnectOptions.CONNECT_TIMEOUT_S * 1000L);
        } catch (MqttException e) {
            Logger.warn("controller link: subscribing failed ({}); reconnecting", reason(e));
            forceReconnect();
            return;
        }
        backoff.reset();
        lastFailure = null;
        online = true;
        Logger.info("controller link up: {} as {} ({})", cfg.url(), topics.gatewayId(),
                sessionPresent ? "session resumed" : "new session");
        while (!pendingAlarms.isEmpty()) publishAlarm(pendingAlarms.removeFirst());
        status.publishNow();
        cdrSync.onConnected();
        if (gw.firmware() != null) gw.firmware().healthy("reached the controller " + cfg.url());
        firmwareReports.publish(this);
    }

    /** Publishes a QoS 1 message now (the firmware report), or null when offline. */
    IMqttToken publishAck(String topic, String json) {
        return send(topic, json, 1, false);
    }

    private void connectFailed(String why) {
        if (closed) return;
        if (!why.equals(lastFailure)) {
            Logger.warn("controller link: cannot connect to {}: {}; retrying with backoff", cfg.url(), why);
            lastFailure = why;
        } else {
            Logger.debug("controller link: still cannot connect to {}: {}", cfg.url(), why);
        }
        scheduleReconnect();
    }

    private void lost(String why) {
        boolean was = online;
        online = false;
        cdrSync.onDisconnected();
        if (closed) return;
        if (was) Logger.warn("controller link down: {}; reconnecting", why);
        lastFailure = null;
        scheduleReconnect();
    }

    /**
     * Schedules the next connection attempt, from any thread. Decided on the link's thread, after
     * the task running there has finished: Paho may report a refused connection on its own thread
     * while the attempt that caused it is still running (its future not done yet), and a failure
     * reported then must not be taken for "an attempt is already scheduled" — that ended all
     * reconnects for good (seen under load: a gateway never reached its broker again).
     */
    private void scheduleReconnect() { onExec(this::scheduleReconnectNow); }

    private synchronized void scheduleReconnectNow() {
        if (closed || (reconnect != null && !reconnect.isDone())) return;
        long delay = backoff.nextDelayMs();
        try {
            reconnect = exec.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void forceReconnect() {
        discard(client);
        lost("resubscribe needed");
    }

    private static void discard(MqttAsyncClient c) {
        if (c == null) return;
        try {
            if (c.isConnected()) c.disconnectForcibly(0, 500, false);
        } catch (MqttException e) {
            Logger.debug("forced disconnect: {}", e.toString());
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            Logger.debug("client close: {}", e.toString());
        }
    }

    // ---- publishing ------------------------------------------------------------------------

    /** Publishes if connected; returns the token, or null if it could not be handed over. */
    private IMqttToken send(String topic, String json, int qos, boolean retained) {
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) return null;
        try {
            return c.publish(topic, json.getBytes(StandardCharsets.UTF_8), qos, retained);
        } catch (MqttException e) {
            Logger.debug("publish to {} failed: {}", topic, reason(e));
            return null;
        }
    }

    private void publishAlarm(Alarms.Event ev) {
        if (online && send(topics.alarm(), Json.write(ev.toJson()), 1, false) != null) return;
        if (pendingAlarms.size() >= PENDING_ALARMS) pendingAlarms.removeFirst(); // status still carries the active ones
        pendingAlarms.addLast(ev);
    }

    /** Status messages handed to the client so far (tests tell a publisher that stalled from a broker that lost them). */
    int statusesPublished() { return status.published(); }

    private void pollStatus() {
        try {
            status.poll();
        } catch (RuntimeException e) {
            Logger.warn(e, "status publishing failed");
        }
    }

    private void onExec(Runnable r) {
        if (closed) return;
        try {
            exec.execute(r);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    // ---- incoming --------------------------------------------------------------------------

    private void onMessage(String topic, MqttMessage msg) {
        byte[] payload = msg.getPayload();
        if (topic.equals(topics.cdrAck())) {
            cdrAck(payload);
        } else if (topic.equals(topics.configSet())) {
            onExec(() -> {
                Map<String, Object> ack = configPush.handle(payload, msg.isRetained());
                if (ack != null) send(topics.configAck(), Json.write(ack), 1, false);
            });
        } else if (topic.equals(topics.cmd())) {
            if (msg.isRetained()) {
                Logger.warn("controller link: ignoring a retained command (commands are events; a retained one would repeat on every connect)");
                return;
            }
            onExec(() -> command(payload));
        } else {
            Logger.debug("controller link: message on unexpected topic {}", topic);
        }
    }

    private void cdrAck(byte[] payload) {
        try {
            // same size limit as config/set: one bound for everything the controller sends us
            Object doc = Json.parse(payload, ConfigEnvelope.MAX_BYTES);
            if (doc instanceof Map<?, ?> m && m.get("upTo") instanceof Long n && n >= 0) {
                cdrSync.onAck(n);
                return;
            }
            Logger.warn("controller link: cdr/ack without a whole upTo ignored");
        } catch (IllegalArgumentException e) {
            Logger.warn("controller link: malformed cdr/ack ignored: {}", e.getMessage());
        }
    }

    private void command(byte[] payload) {
        Commands.Reply reply = commands.handle(payload);
        IMqttToken token = send(topics.cmdAck(), Json.write(reply.ack()), 1, false);
        if (!reply.reboot()) return;
        Thread t = new Thread(() -> reboot(token), "reboot");
        t.setDaemon(false);
        t.start();
    }

    /** Ack out, CDRs on disk, offline status published, then the process exits for its supervisor. */
    private void reboot(IMqttToken ack) {
        Logger.warn("reboot requested by the controller");
        try {
            if (ack != null) ack.waitForCompletion(2_000);
        } catch (MqttException e) {
            Logger.debug("reboot ack: {}", e.toString());
        }
        gw.flushCdrs();
        close();
        gw.exit(EXIT_REBOOT);
    }

    /** Events of one client; those of a client already replaced are ignored. */
    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) { this.owner = owner; }

        @Override public void disconnected(MqttDisconnectResponse r) {
            if (owner != client) return;
            lost(r.getException() != null ? reason(r.getException()) : "broker closed the connection (reason " + r.getReturnCode() + ")");
        }
        @Override public void mqttErrorOccurred(MqttException e) { Logger.warn("controller link: MQTT error {}", reason(e)); }
        @Override public void messageArrived(String topic, MqttMessage message) {
            if (owner == client) onMessage(topic, message);
        }
        @Override public void deliveryComplete(IMqttToken token) { }
        @Override public void connectComplete(boolean reconnect, String serverURI) { }
        @Override public void authPacketArrived(int reasonCode, MqttProperties properties) { }
    }

    private static String reason(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        String m = c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
        return c == e ? m : e.getMessage() + " (" + m + ")";
    }

    // ---- shutdown --------------------------------------------------------------------------

    /** Publishes the offline status, disconnects cleanly (so the will is not sent) and stops. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (reconnect != null) reconnect.cancel(false);
        }
        cdrSync.close();
        exec.shutdown();
        try {
            exec.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        online = false;
        MqttAsyncClient c = client;
        try {
            if (c != null && c.isConnected()) {
                IMqttToken t = send(topics.status(), StatusPublisher.offline(topics), 1, true);
                if (t != null) t.waitForCompletion(2_000);
                c.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException e) {
            Logger.warn("controller link: clean disconnect failed: {}", reason(e));
        }
        discard(c);
        exec.shutdownNow();
        Logger.info("controller link closed");
    }
}
