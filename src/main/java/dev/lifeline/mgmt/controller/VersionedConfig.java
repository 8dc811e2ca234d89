package dev.lifeline.mgmt.controller;

import dev.lifeline.config.ConfigError;
import dev.lifeline.config.ConfigException;
import dev.lifeline.config.ConfigLoader;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.store.ConfigVersions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.tinylog.Logger;

/**
 * The one versioned site config of the gateway, shared by every management channel that may
 * change it: the controller's {@code config/set} (MQTT, {@link ConfigPush}) and the TR-069 agent's
 * SetParameterValues / AddObject / DeleteObject. Both go through the same validation
 * ({@link ConfigLoader#loadSite}), the same atomic apply ({@link GatewayControl#apply}) and are
 * stored here with their version, so a restart runs the newest and the controller sees the
 * version move in {@code status}.
 *
 * <p>Why one counter: the controller pushes whole configs and must push a version above the
 * running one; a TR-069 change takes the next number, so a controller that did not see it gets
 * "not newer" rather than silently overwriting it. (docs/tr069.md, "which channel wins".)
 */
public final class VersionedConfig {
    private final GatewayControl gw;
    private final ConfigVersions versions;
    private final Supplier<Instant> now;
    private volatile long running;

    /**
     * The outcome of {@link #change}.
     *
     * @param version         the new running version when applied, else the one still running
     * @param problems        why nothing changed (empty when applied)
     * @param restartRequired config paths that changed but need a restart
     */
    public record Outcome(long version, List<ConfigError> problems, List<String> restartRequired) {
        public Outcome {
            problems = List.copyOf(problems);
            restartRequired = List.copyOf(restartRequired);
        }

        public boolean applied() { return problems.isEmpty(); }
    }

    /** @param running the version the gateway started with (0 = the config file) */
    public VersionedConfig(GatewayControl gw, ConfigVersions versions, long running, Supplier<Instant> now) {
        this.gw = gw;
        this.versions = versions;
        this.running = running;
        this.now = now;
    }

    /** The version running now (0 = the config file). */
    public long running() { return running; }

    /** The YAML text of the running config, or null when it was not loaded from text. */
    public synchronized String runningText() {
        return ConfigLoader.sourceText(gw.running()).orElse(null);
    }

    /**
     * Makes the next version from the running config's text: {@code edit} rewrites the text, the
     * result is validated and applied atomically, and stored. Nothing changes when any step fails.
     *
     * @param source what to call the change in errors and logs, e.g. {@code tr069 SetParameterValues}
     */
    public synchronized Outcome change(String source, UnaryOperator<String> edit) {
        String text = runningText();
        if (text == null) {
            return refused(List.of(new ConfigError(source, "", "the running config's text is not known; nothing changed")));
        }
        long version = running + 1;
        String nextText = edit.apply(text);
        SiteConfig next;
        try {
            next = ConfigLoader.loadSite(nextText, source + " v" + version, gw.board());
        } catch (ConfigException e) {
            return refused(e.errors());
        }
        List<ConfigError> identity = new ArrayList<>();
        for (ConfigEnvelope.Problem p : ConfigPush.identityProblems(gw.running(), next)) {
            if (p.field().equals("controller") && gw.running().controller() == null) continue; // there was none to keep
            identity.add(new ConfigError(source, p.field(), p.message()));
        }
        if (!identity.isEmpty()) return refused(identity);
        GatewayControl.ApplyResult result = gw.apply(next);
        if (!result.applied()) return refused(result.problems());
        commit(version, nextText, next);
        Logger.info("config v{} ({}) applied{}", version, source,
                result.restartRequired().isEmpty() ? "" : "; needs a restart for " + String.join(", ", result.restartRequired()));
        return new Outcome(version, List.of(), result.restartRequired());
    }

    private Outcome refused(List<ConfigError> problems) {
        return new Outcome(running, problems, List.of());
    }

    /** Records an applied config as the running version and stores it (the caller applied it). */
    synchronized void commit(long version, String text, SiteConfig next) {
        running = version;
        int keep = next.controller() == null ? ConfigPushDefaults.KEEP : next.controller().keepConfigs();
        try {
            versions.put(version, now.get(), text, ConfigVersions.APPLIED, keep);
        } catch (RuntimeException e) {
            Logger.error("config v{} is running but could not be stored; a restart would run an older one: {}", version,
                    e.getMessage());
        }
    }

    /** Defaults shared with the controller section. */
    private static final class ConfigPushDefaults {
        static final int KEEP = dev.lifeline.config.ControllerConfig.DEFAULT_KEEP_CONFIGS;
    }
}
