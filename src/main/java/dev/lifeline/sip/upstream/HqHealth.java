package dev.lifeline.sip.upstream;

import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.util.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * The one per-server view of HQ that decides where REGISTER forwarding, the lines' registrations
 * and calls go, so all three follow the same rule: <em>the first server in priority order that is
 * up</em>. Without it each user picked its own way (forwarding always used the first server, calls
 * the first answering one) and one dead server cost every phone a timeout at each REGISTER.
 *
 * <p>Fed by the OPTIONS monitor ({@link #probeAnswered}, {@link #probeMissed}) and by upstream
 * transaction timeouts ({@link #timedOut}). A timeout <em>suspends</em> that server only, for
 * {@code suspendMs}: the next request goes to the next server at once, without waiting on the dead
 * one again. Suspensions end early when the gateway returns to NORMAL ({@link #resume}).
 *
 * <p>Ranking ({@link #ranked}): servers not suspended, those whose last probe was answered first,
 * then those not probed yet, then those whose last probe was missed (while the gateway is still
 * NORMAL a single missed probe is no reason to stop trying), each group in priority order. A
 * suspended server is not offered at all.
 *
 * <p>Thread-safe: the monitor reports on the engine, timeouts come from SIP and timer threads,
 * choices are made on all of them.
 */
public final class HqHealth {
    /** What the last OPTIONS probe of a server said. */
    public enum Probe { UNKNOWN, ANSWERING, MISSING }

    /** One server as status views show it. */
    public record View(UpstreamConfig.Server server, Probe probe, long suspendedForMs) {
        public String name() { return server.host() + ":" + server.port(); }
    }

    private final Clock clock;
    private final long suspendMs;
    private final Map<UpstreamConfig.Server, State> servers = new LinkedHashMap<>();
    private final List<Consumer<UpstreamConfig.Server>> timeoutListeners = new CopyOnWriteArrayList<>();

    public HqHealth(UpstreamConfig upstream, Clock clock) { this(upstream.servers(), clock, upstream.suspendMs()); }

    /** {@code servers} in priority order. */
    public HqHealth(List<UpstreamConfig.Server> servers, Clock clock, long suspendMs) {
        this.clock = clock;
        this.suspendMs = suspendMs;
        for (UpstreamConfig.Server s : servers) this.servers.put(s, new State());
    }

    /** Told of every upstream timeout (the WAN monitor counts it as a probe miss). */
    public void onTimeout(Consumer<UpstreamConfig.Server> listener) { timeoutListeners.add(listener); }

    /** The server answered an OPTIONS probe. */
    public synchronized void probeAnswered(UpstreamConfig.Server server) {
        State s = servers.get(server);
        if (s != null) s.probe = Probe.ANSWERING;
    }

    /** The server missed an OPTIONS probe. */
    public synchronized void probeMissed(UpstreamConfig.Server server) {
        State s = servers.get(server);
        if (s != null) s.probe = Probe.MISSING;
    }

    /**
     * An upstream transaction (REGISTER, forwarded REGISTER, INVITE) to {@code server} got no
     * answer: the server is suspended for {@code suspendMs} and the timeout listeners are told.
     */
    public void timedOut(UpstreamConfig.Server server) {
        synchronized (this) {
            State s = servers.get(server);
            if (s == null) return;
            boolean was = s.suspendedUntil > clock.millis();
            s.suspendedUntil = clock.millis() + suspendMs;
            if (!was) Logger.info("HQ {}:{} suspended for {} ms (no answer to a transaction)", server.host(), server.port(), suspendMs);
        }
        for (Consumer<UpstreamConfig.Server> l : timeoutListeners) {
            try {
                l.accept(server);
            } catch (RuntimeException e) {
                Logger.warn("HQ timeout listener failed: {}", e.toString());
            }
        }
    }

    /** The gateway is back in NORMAL (HQ proved itself through the hold-down): suspensions end. */
    public synchronized void resume() {
        for (State s : servers.values()) s.suspendedUntil = 0;
    }

    /** The servers to use now, best first (see the class comment); empty when every one is suspended. */
    public synchronized List<UpstreamConfig.Server> ranked() {
        long now = clock.millis();
        List<UpstreamConfig.Server> out = new ArrayList<>();
        for (Probe tier : new Probe[] {Probe.ANSWERING, Probe.UNKNOWN, Probe.MISSING}) {
            servers.forEach((server, s) -> {
                if (s.probe == tier && s.suspendedUntil <= now) out.add(server);
            });
        }
        return out;
    }

    /** The server to use now: the first of {@link #ranked}, empty when every server is suspended (or none is configured). */
    public Optional<UpstreamConfig.Server> current() {
        List<UpstreamConfig.Server> r = ranked();
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /** What the last probe of {@code server} said (UNKNOWN for a server not configured). */
    public synchronized Probe probe(UpstreamConfig.Server server) {
        State s = servers.get(server);
        return s == null ? Probe.UNKNOWN : s.probe;
    }

    /** True when {@code server} is suspended now. */
    public synchronized boolean suspended(UpstreamConfig.Server server) {
        State s = servers.get(server);
        return s != null && s.suspendedUntil > clock.millis();
    }

    /** Every server with its probe state and remaining suspension, in priority order. */
    public synchronized List<View> view() {
        long now = clock.millis();
        List<View> out = new ArrayList<>();
        servers.forEach((server, s) -> out.add(new View(server, s.probe, Math.max(0, s.suspendedUntil - now))));
        return out;
    }

    private static final class State {
        Probe probe = Probe.UNKNOWN;
        long suspendedUntil;
    }
}
