package dev.lifeline.config;

/**
 * How the gateway watches HQ and decides it is on its own (DESIGN §7).
 *
 * @param probeIntervalMs how often every HQ server is sent an OPTIONS probe
 * @param probeMisses     consecutive unanswered probes (on every server) that mean the WAN is lost
 * @param probeTimeoutMs  a probe not answered within this is a miss; shorter than the interval
 * @param holdDownMs      how long probes must keep succeeding after a loss before going back to normal
 * @param registerExpires seconds the local registrar grants at most while HQ is not used (SURVIVAL,
 *                        RECOVERING, or a forwarded REGISTER that HQ did not answer): short, so that
 *                        phones come back soon after recovery and are then forwarded to HQ again
 */
public record SurvivalConfig(long probeIntervalMs, int probeMisses, long probeTimeoutMs, long holdDownMs,
                             int registerExpires) {

    public static final int DEFAULT_REGISTER_EXPIRES = 120;
    public static final SurvivalConfig DEFAULTS = new SurvivalConfig(1_000, 3, 500, 30_000, DEFAULT_REGISTER_EXPIRES);

    public SurvivalConfig {
        if (probeIntervalMs <= 0 || probeMisses < 1 || probeTimeoutMs <= 0 || holdDownMs < 0 || registerExpires < 1) {
            throw new IllegalArgumentException("survival settings out of range: interval " + probeIntervalMs
                    + " ms, misses " + probeMisses + ", timeout " + probeTimeoutMs + " ms, hold-down " + holdDownMs
                    + " ms, register-expires " + registerExpires + " s");
        }
    }

    public SurvivalConfig(long probeIntervalMs, int probeMisses, long probeTimeoutMs, long holdDownMs) {
        this(probeIntervalMs, probeMisses, probeTimeoutMs, holdDownMs, DEFAULT_REGISTER_EXPIRES);
    }

    /** Worst-case time from the WAN going away to the mode flipping: misses × interval + timeout. */
    public long detectionBudgetMs() { return probeMisses * probeIntervalMs + probeTimeoutMs; }

    static SurvivalConfig read(YamlNode node) {
        if (node == null) return DEFAULTS;
        Fields f = node.fields("probe-interval", "probe-misses", "probe-timeout", "hold-down", "register-expires");
        SurvivalConfig d = DEFAULTS;
        long interval = f.durationMs("probe-interval", d.probeIntervalMs, 100, 60_000);
        int misses = f.integer("probe-misses", d.probeMisses, 1, 20);
        long timeout = f.durationMs("probe-timeout", d.probeTimeoutMs, 50, 30_000);
        long holdDown = f.durationMs("hold-down", d.holdDownMs, 0, 3_600_000);
        int registerExpires = f.integer("register-expires", d.registerExpires, 10, 86_400);
        if (timeout >= interval) {
            node.problems().add(node.childPath("probe-timeout"), "must be shorter than probe-interval ("
                    + Durations.format(interval) + "), or probes to a silent server would pile up");
            timeout = Math.max(1, interval - 1);
        }
        return new SurvivalConfig(interval, misses, timeout, holdDown, registerExpires);
    }
}
