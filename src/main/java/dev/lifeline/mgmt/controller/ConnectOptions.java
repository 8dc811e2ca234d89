package dev.lifeline.mgmt.controller;

import dev.lifeline.config.ControllerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * How the link connects: a persistent session (QoS 1 messages for the gateway queue at the
 * broker while it is away), our own reconnect with backoff and jitter instead of Paho's, the
 * offline status as the will, credentials and the CA for ssl:// brokers from the site config.
 */
final class ConnectOptions {
    static final long SESSION_EXPIRY_S = 7 * 24 * 3600;
    static final int CONNECT_TIMEOUT_S = 10;

    /**
     * Paho logs through java.util.logging, and prints a stack trace to stderr for an ordinary
     * connection loss. The link logs every state change itself (one line each), so Paho's own
     * output is switched off; the reference is kept because JUL holds loggers weakly.
     */
    private static final java.util.logging.Logger PAHO_LOG = java.util.logging.Logger.getLogger("org.eclipse.paho.mqttv5.client");

    static {
        PAHO_LOG.setLevel(java.util.logging.Level.OFF);
    }

    private ConnectOptions() {}

    static MqttConnectionOptions of(ControllerConfig cfg, Topics topics) throws IOException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(SESSION_EXPIRY_S);
        o.setKeepAliveInterval((int) Math.max(1, cfg.keepaliveMs() / 1000));
        o.setConnectionTimeout(CONNECT_TIMEOUT_S);
        o.setAutomaticReconnect(false);
        if (cfg.username() != null) o.setUserName(cfg.username());
        if (cfg.password() != null) o.setPassword(cfg.password().getBytes(StandardCharsets.UTF_8));
        MqttMessage will = new MqttMessage(StatusPublisher.offline(topics).getBytes(StandardCharsets.UTF_8), 1, true, null);
        o.setWill(topics.status(), will);
        if (cfg.caFile() != null || cfg.certFile() != null) {
            o.setSocketFactory(TlsTrust.socketFactory(cfg.caFile() == null ? null : Path.of(cfg.caFile()),
                    cfg.certFile() == null ? null : Path.of(cfg.certFile()), cfg.keyFile() == null ? null : Path.of(cfg.keyFile())));
            o.setHttpsHostnameVerificationEnabled(true);
        }
        return o;
    }
}
