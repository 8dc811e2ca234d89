package dev.lifeline.survival;

import dev.lifeline.config.SurvivalConfig;
import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.util.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.tinylog.Logger;

/**
 * Watches HQ and drives the {@link ModeMachine} (DESIGN §7). Every {@code probe-interval} each
 * HQ server gets a probe; a probe not answered within {@code probe-timeout} is a miss, and so
 * is an upstream transaction timeout reported by the call or registration layer
 * ({@link #reportUpstreamTimeout}). Any answer resets a server's misses.
 *
 * <ul>
 *   <li>NORMAL → SURVIVAL when every server has {@code probe-misses} consecutive misses;</li>
 *   <li>SURVIVAL → RECOVERING when any server answers;</li>
 *   <li>RECOVERING → SURVIVAL when a server that answered during the hold-down misses once;</li>
 *   <li>RECOVERING → NORMAL after {@code hold-down} without such a miss.</li>
 * </ul>
 *
 * <p>A forced mode ({@link #force}) holds until {@link #release}: the monitor keeps probing and
 * counting (the WAN LED stays honest) but does not change the mode. On release the mode is
 * reconciled with what the probes say (a forced SURVIVAL with HQ answering goes through
 * RECOVERING and its hold-down; a forced NORMAL with HQ silent drops to SURVIVAL).
 *
 * <p>Not thread-safe: {@link #tick}, the probe outcomes and the commands run on one thread
 * (the engine). Time is read only from the injected {@link Clock}, so tests drive it.
 */
public final class WanMonitor {
    /** Sends one probe; the outcome may be called on any thread the sender arranges (the engine, in production). */
    public interface ProbeSender {
        Cancel send(UpstreamConfig.Server server, Outcome outcome);
    }

    /** Stops a probe that is no longer waited for. */
    @FunctionalInterface
    public interface Cancel {
        void cancel();
    }

    /**
     * Told of each server's probe outcomes (and of upstream timeouts, which count as misses): feeds
     * the per-server health view that picks the HQ server registrations and calls use.
     */
    @FunctionalInterface
    public interface ServerListener {
        void probed(UpstreamConfig.Server server, boolean answered);
    }

    /** What became of one probe. */
    public interface Outcome {
        void answered(int status);
        void failed(String reason);
    }

    private final SurvivalConfig cfg;
    private final Clock clock;
    private final ProbeSender sender;
    private final ModeMachine machine;
    private final Map<UpstreamConfig.Server, ServerState> servers = new LinkedHashMap<>();
    private final List<WanListener> wanListeners = new CopyOnWriteArrayList<>();
    private final List<ServerListener> serverListeners = new CopyOnWriteArrayList<>();
    private Mode forced;
    private long recoveringSince;
    private boolean wanUp = true;

    public WanMonitor(UpstreamConfig upstream, SurvivalConfig cfg, Clock clock, ProbeSender sender, ModeMachine machine) {
        this.cfg = cfg;
        this.clock = clock;
        this.sender = sender;
        this.machine = machine;
        for (UpstreamConfig.Server s : upstream.servers()) servers.put(s, new ServerState(s));
        if (machine.mode() == Mode.RECOVERING) recoveringSince = clock.millis();
    }

    public ModeMachine machine() { return machine; }
    public Mode mode() { return machine.mode(); }
    public Optional<Mode> forced() { return Optional.ofNullable(forced); }
    /** Some HQ server is short of {@code probe-misses} consecutive misses. */
    public boolean wanUp() { return wanUp; }
    public void addWanListener(WanListener l) { wanListeners.add(l); }
    public void addServerListener(ServerListener l) { serverListeners.add(l); }

    private void tellServer(ServerState s, boolean answered) {
        for (ServerListener l : serverListeners) {
            try {
                l.probed(s.server, answered);
            } catch (RuntimeException e) {
                Logger.warn(e, "server listener failed");
            }
        }
    }

    /** Per-server view for status: consecutive misses and whether it answered last. */
    public record ServerStatus(String server, int misses, boolean answering, long lastAnswerMillis) {}

    public List<ServerStatus> servers() {
        List<ServerStatus> out = new ArrayList<>();
        for (ServerState s : servers.values()) {
            out.add(new ServerStatus(s.name, s.misses, s.lastAnswerAt >= 0 && s.misses == 0, s.lastAnswerAt));
        }
        return out;
    }

    /** Runs probe timers, the hold-down and the probe schedule; call often (every 20–50 ms). */
    public void tick() {
        long now = clock.millis();
        for (ServerState s : servers.values()) {
            if (s.outstanding != 0 && now - s.sentAt >= cfg.probeTimeoutMs()) {
                s.outstanding = 0;
                if (s.cancel != null) s.cancel.cancel();
                s.cancel = null;
                miss(s, "no answer to OPTIONS within " + cfg.probeTimeoutMs() + " ms");
            }
        }
        if (forced == null && machine.mode() == Mode.RECOVERING && now - recoveringSince >= cfg.holdDownMs()) {
            machine.go(Mode.NORMAL, "HQ answered steadily for the hold-down (" + cfg.holdDownMs() / 1000.0 + " s)");
        }
        for (ServerState s : servers.values()) {
            if (s.outstanding == 0 && now >= s.nextProbeAt) send(s, now);
        }
    }

    private void send(ServerState s, long now) {
        long seq = ++s.seq;
        s.outstanding = seq;
        s.sentAt = now;
        s.nextProbeAt += cfg.probeIntervalMs(); // a fixed rhythm...
        if (s.nextProbeAt <= now) s.nextProbeAt = now + cfg.probeIntervalMs(); // ...unless we fell behind (or just started)
        Cancel c = sender.send(s.server, new Outcome() {
            @Override public void answered(int status) { onAnswered(s, seq, status); }
            @Override public void failed(String reason) { onFailed(s, seq, reason); }
        });
        if (s.outstanding == seq) s.cancel = c; // else already answered synchronously
    }

    private void onAnswered(ServerState s, long seq, int status) {
        if (s.outstanding != seq) return; // late: already counted as a miss
        s.outstanding = 0;
        s.cancel = null;
        long now = clock.millis();
        boolean wasMissing = s.misses > 0;
        s.misses = 0;
        s.lastAnswerAt = now;
        s.lastStatus = status;
        if (wasMissing) Logger.info("HQ {} answers again ({})", s.name, status);
        tellServer(s, true);
        updateWan();
        if (forced == null && machine.mode() == Mode.SURVIVAL) {
            recoveringSince = now;
            machine.go(Mode.RECOVERING, "HQ " + s.name + " answered OPTIONS (" + status + ")");
        }
    }

    private void onFailed(ServerState s, long seq, String reason) {
        if (s.outstanding != seq) return;
        s.outstanding = 0;
        s.cancel = null;
        miss(s, reason);
    }

    /**
     * An upstream transaction (REGISTER, INVITE via HQ) to {@code host:port} timed out: counted
     * as a probe miss on that server, so a dead WAN is noticed between probes too.
     */
    public void reportUpstreamTimeout(String host, int port) {
        for (ServerState s : servers.values()) {
            if (s.server.host().equalsIgnoreCase(host) && s.server.port() == port) {
                miss(s, "upstream transaction timeout");
                return;
            }
        }
        Logger.debug("upstream timeout from {}:{}, not an HQ server", host, port);
    }

    public void reportUpstreamTimeout(UpstreamConfig.Server server) {
        reportUpstreamTimeout(server.host(), server.port());
    }

    private void miss(ServerState s, String reason) {
        s.misses++;
        if (s.misses == 1 || s.misses == cfg.probeMisses()) {
            Logger.info("HQ {}: miss {} of {} ({})", s.name, s.misses, cfg.probeMisses(), reason);
        }
        tellServer(s, false);
        updateWan();
        if (forced != null) return;
        Mode m = machine.mode();
        if (m == Mode.NORMAL && allDown()) {
            machine.go(Mode.SURVIVAL, "no answer from HQ: " + missSummary() + " (last: " + reason + ")");
        } else if (m == Mode.RECOVERING && s.lastAnswerAt >= recoveringSince) {
            machine.go(Mode.SURVIVAL, "HQ " + s.name + " failed during the hold-down (" + reason + ")");
        }
    }

    private boolean allDown() {
        if (servers.isEmpty()) return false;
        for (ServerState s : servers.values()) if (s.misses < cfg.probeMisses()) return false;
        return true;
    }

    private boolean anyAnswering() {
        for (ServerState s : servers.values()) if (s.misses == 0 && s.lastAnswerAt >= 0) return true;
        return false;
    }

    private String missSummary() {
        return servers.values().stream().map(s -> s.name + " " + s.misses + " misses").collect(Collectors.joining(", "));
    }

    private void updateWan() {
        boolean up = !allDown();
        if (up == wanUp) return;
        wanUp = up;
        Logger.info("WAN {}", up ? "up (HQ answers)" : "down (HQ silent)");
        for (WanListener l : wanListeners) {
            try {
                l.onWanChanged(up);
            } catch (RuntimeException e) {
                Logger.warn(e, "WAN listener failed");
            }
        }
    }

    /**
     * Holds {@code mode} (NORMAL or SURVIVAL) until {@link #release}, whatever the probes say:
     * the operator's "force survival / force normal".
     */
    public void force(Mode mode, String why) {
        if (mode == Mode.RECOVERING) throw new IllegalArgumentException("RECOVERING cannot be forced; force NORMAL or SURVIVAL");
        forced = mode;
        String cause = "forced" + (why == null || why.isBlank() ? "" : ": " + why);
        if (!machine.go(mode, cause)) Logger.info("mode {} held ({})", mode, cause);
    }

    /** Ends a forced mode; the probes decide again from now on. */
    public void release() {
        if (forced == null) return;
        forced = null;
        Mode m = machine.mode();
        if (m == Mode.SURVIVAL && anyAnswering()) {
            recoveringSince = clock.millis();
            machine.go(Mode.RECOVERING, "released from forced SURVIVAL; HQ answers");
        } else if (m == Mode.NORMAL && allDown()) {
            machine.go(Mode.SURVIVAL, "released from forced NORMAL; no answer from HQ: " + missSummary());
        } else {
            Logger.info("forced mode released; staying {}", m);
        }
    }

    /** Cancels probes in flight. */
    public void stop() {
        for (ServerState s : servers.values()) {
            if (s.cancel != null) s.cancel.cancel();
            s.cancel = null;
            s.outstanding = 0;
        }
    }

    private static final class ServerState {
        final UpstreamConfig.Server server;
        final String name;
        long seq;
        long outstanding;   // seq of the probe in flight, 0 if none
        long sentAt;
        long nextProbeAt;
        Cancel cancel;
        int misses;
        long lastAnswerAt = -1;
        int lastStatus;

        ServerState(UpstreamConfig.Server server) {
            this.server = server;
            this.name = server.host() + ":" + server.port();
        }
    }
}
