package dev.lifeline.mgmt.controller;

import dev.lifeline.config.ConfigError;
import dev.lifeline.config.ConfigException;
import dev.lifeline.config.ConfigLoader;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.mgmt.controller.ConfigEnvelope.Problem;
import dev.lifeline.store.ConfigVersions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * A whole site config pushed by the controller ({@code config/set}): validated completely
 * (envelope, version ordering, every config error, identity), then applied atomically by the
 * gateway, stored in SQLite so a restart runs it, and answered on {@code config/ack}. A refused
 * config changes nothing; the {@code config-rejected} alarm stays raised until a push succeeds.
 *
 * <p>Why site and gateway id may not change: they name this gateway's MQTT topics and are
 * stamped on its CDRs; moving a box to another identity is a re-provisioning, not a push.
 */
final class ConfigPush {
    private final GatewayControl gw;
    private final VersionedConfig config;
    private final Alarms alarms;

    /** @param running the version the gateway started with (0 = the config file) */
    ConfigPush(GatewayControl gw, ConfigVersions versions, Alarms alarms, long running, Supplier<Instant> now) {
        this(gw, new VersionedConfig(gw, versions, running, now), alarms);
    }

    /** Pushes change {@code config}, the versioned config other channels (TR-069) change too. */
    ConfigPush(GatewayControl gw, VersionedConfig config, Alarms alarms) {
        this.gw = gw;
        this.config = config;
        this.alarms = alarms;
    }

    /** The version running now (0 = the config file). */
    long running() { return config.running(); }

    Map<String, Object> handle(byte[] payload) { return handle(payload, false); }

    /**
     * Handles one {@code config/set} payload; returns the {@code config/ack} to publish, or null for
     * a retained message this gateway already runs (a controller that publishes configs retained
     * would otherwise get a rejection, and an alarm, on every reconnect).
     */
    Map<String, Object> handle(byte[] payload, boolean retained) {
        synchronized (config) { // one change at a time, whichever channel it comes from
            return handleLocked(payload, retained);
        }
    }

    private Map<String, Object> handleLocked(byte[] payload, boolean retained) {
        long running = config.running();
        long startNanos = System.nanoTime();
        ConfigEnvelope env;
        try {
            env = ConfigEnvelope.parse(payload);
        } catch (ConfigEnvelope.Refused r) {
            return reject(r.requestId, r.version, r.problems);
        }
        long version = env.version();
        if (retained && version <= running) {
            Logger.debug("retained config v{} already applied (running v{})", version, running);
            return null;
        }
        if (version <= running) {
            return reject(env.requestId(), version, List.of(new Problem("version",
                    "version " + version + " is not newer than the running version " + running)));
        }
        SiteConfig next;
        try {
            next = ConfigLoader.loadSite(env.configText(), "controller v" + version, gw.board());
        } catch (ConfigException e) {
            return reject(env.requestId(), version, problems(e.errors()));
        }
        List<Problem> identity = identityProblems(gw.running(), next);
        if (!identity.isEmpty()) return reject(env.requestId(), version, identity);
        GatewayControl.ApplyResult result = gw.apply(next);
        if (!result.applied()) return reject(env.requestId(), version, problems(result.problems()));
        config.commit(version, env.configText(), next);
        long appliedMs = (System.nanoTime() - startNanos) / 1_000_000;
        Logger.info("config v{} (request {}) applied in {} ms{}", version, env.requestId(), appliedMs,
                result.restartRequired().isEmpty() ? "" : "; needs a restart for " + String.join(", ", result.restartRequired()));
        alarms.clear(Alarms.CONFIG_REJECTED, "config v" + version + " applied");
        Map<String, Object> ack = ack(env.requestId(), version, "applied");
        ack.put("appliedMs", appliedMs);
        ack.put("restartRequired", result.restartRequired());
        return ack;
    }

    /**
     * What a pushed config may not do to this gateway: change the identity that names its topics,
     * or drop the controller section (the gateway could then never be reached again after a restart).
     */
    static List<Problem> identityProblems(SiteConfig running, SiteConfig next) {
        List<Problem> out = new ArrayList<>();
        if (!running.gatewayId().equals(next.gatewayId())) {
            out.add(new Problem("gateway-id", "cannot be changed by a pushed config (it names this gateway's MQTT topics); "
                    + "running '" + running.gatewayId() + "', pushed '" + next.gatewayId() + "'"));
        }
        if (!running.site().equals(next.site())) {
            out.add(new Problem("site", "cannot be changed by a pushed config (it names this gateway's MQTT topics); "
                    + "running '" + running.site() + "', pushed '" + next.site() + "'"));
        }
        if (next.controller() == null) {
            out.add(new Problem("controller", "a pushed config must keep a controller section; without one the gateway "
                    + "would not reach the controller again after a restart"));
        }
        return out;
    }

    private Map<String, Object> reject(String requestId, Long version, List<Problem> problems) {
        Problem first = problems.get(0);
        String summary = (first.field().isEmpty() ? "" : first.field() + ": ") + first.message();
        Logger.warn("config {}(request {}) rejected, {} problem(s); first: {}", version == null ? "" : "v" + version + " ",
                requestId, problems.size(), summary);
        alarms.raise(Alarms.CONFIG_REJECTED, Alarms.Severity.MINOR, "config " + (version == null ? "" : "v" + version + " ")
                + "rejected: " + summary + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        Map<String, Object> ack = ack(requestId, version, "rejected");
        List<Map<String, Object>> errors = new ArrayList<>();
        for (Problem p : problems) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("field", p.field());
            e.put("message", p.message());
            errors.add(e);
        }
        ack.put("errors", errors);
        return ack;
    }

    private Map<String, Object> ack(String requestId, Long version, String status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requestId", requestId);
        m.put("version", version);
        m.put("status", status);
        m.put("running", config.running());
        return m;
    }

    private static List<Problem> problems(List<ConfigError> errors) {
        return errors.stream().map(e -> new Problem(e.field() == null ? "" : e.field(), e.message())).toList();
    }
}
