package dev.lifeline.survival;

import dev.lifeline.config.SurvivalConfig;
import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.hal.gpio.Leds;
import dev.lifeline.sip.SipHost;
import dev.lifeline.sip.upstream.OptionsProber;
import dev.lifeline.tdm.TransitionTable;
import dev.lifeline.util.Clock;
import dev.lifeline.util.Engine;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.tinylog.Logger;

/**
 * The survivability core, wired: OPTIONS probes to every HQ server through the gateway's SIP
 * stack, the WAN monitor and mode machine ticking on the engine, and the mode on the LEDs.
 * The integrator starts it once with {@link #start} and asks it for the mode; commands
 * ({@link #force}, {@link #release}, {@link #reportUpstreamTimeout}) may come from any thread
 * and run on the engine.
 */
public final class Survivability implements AutoCloseable {
    /** How often the monitor's timers are looked at (probe timeouts are checked to this resolution). */
    static final long TICK_MS = 25;

    private final Engine engine;
    private final WanMonitor monitor;
    private final ModeMachine machine;
    private final OptionsProber prober;
    private final ScheduledFuture<?> ticking;
    private final ModeTimeline timeline;

    private Survivability(Engine engine, WanMonitor monitor, OptionsProber prober, ModeTimeline timeline) {
        this.engine = engine;
        this.monitor = monitor;
        this.machine = monitor.machine();
        this.prober = prober;
        this.timeline = timeline;
        this.ticking = engine.every(TICK_MS, monitor::tick);
    }

    /**
     * Starts probing {@code up}'s servers through {@code host} (which must be started) and shows
     * the mode on {@code leds}. With no upstream servers (stand-alone site) nothing is probed and
     * the mode stays NORMAL unless forced.
     */
    public static Survivability start(SipHost host, UpstreamConfig up, SurvivalConfig cfg, Engine engine, Clock clock,
                                      Leds leds) {
        OptionsProber prober = new OptionsProber(host);
        WanMonitor.ProbeSender sender = (server, outcome) -> {
            OptionsProber.Probe p = prober.send(server.host(), server.port(), server.transport().name(),
                    new OptionsProber.ProbeListener() {
                        @Override public void answered(int status, long rttMs) { engine.execute(() -> outcome.answered(status)); }
                        @Override public void failed(String reason) { engine.execute(() -> outcome.failed(reason)); }
                    });
            return p::cancel;
        };
        return start(sender, prober, up, cfg, engine, clock, leds);
    }

    /** The same with any probe sender (tests; another probing method later). */
    static Survivability start(WanMonitor.ProbeSender sender, OptionsProber prober, UpstreamConfig up, SurvivalConfig cfg,
                               Engine engine, Clock clock, Leds leds) {
        ModeMachine machine = new ModeMachine(clock);
        WanMonitor monitor = new WanMonitor(up, cfg, clock, sender, machine);
        ModeIndicator indicator = new ModeIndicator(leds);
        indicator.show(machine.mode(), monitor.wanUp());
        machine.addListener(indicator);
        monitor.addWanListener(indicator);
        ModeTimeline timeline = new ModeTimeline(clock, machine.mode());
        machine.addListener(timeline);
        Logger.info("survivability: probing {} HQ server(s) every {} ms (miss after {} ms, {} misses, hold-down {} ms)",
                up.servers().size(), cfg.probeIntervalMs(), cfg.probeTimeoutMs(), cfg.probeMisses(), cfg.holdDownMs());
        return new Survivability(engine, monitor, prober, timeline);
    }

    public Mode mode() { return machine.mode(); }

    public boolean wanUp() { return monitor.wanUp(); }

    public Optional<Mode> forced() { return onEngine(monitor::forced); }

    public void addListener(ModeListener l) { machine.addListener(l); }

    public void removeListener(ModeListener l) { machine.removeListener(l); }

    public void addWanListener(WanListener l) { monitor.addWanListener(l); }

    /** Each server's probe outcomes, on the engine thread (the HQ health view listens). */
    public void addServerListener(WanMonitor.ServerListener l) { monitor.addServerListener(l); }

    /** The last 16 transitions, oldest first, each with its time (clock millis) and cause. */
    public List<TransitionTable.Transition<Mode>> history() { return machine.history(); }

    /** The mode changes of the last 24 hours in wall-clock time (the web console's banner and chart). */
    public ModeTimeline timeline() { return timeline; }

    /** Per-server probe state for status views. */
    public List<WanMonitor.ServerStatus> servers() { return onEngine(monitor::servers); }

    /** Holds {@code mode} (NORMAL or SURVIVAL) until {@link #release()}; returns when applied. */
    public void force(Mode mode, String why) { onEngine(() -> { monitor.force(mode, why); return null; }); }

    public void force(Mode mode) { force(mode, "operator"); }

    /** Lets the probes decide again; returns when applied. */
    public void release() { onEngine(() -> { monitor.release(); return null; }); }

    /** An upstream transaction to {@code host:port} timed out: counts as a probe miss on that server. */
    public void reportUpstreamTimeout(String host, int port) {
        engine.execute(() -> monitor.reportUpstreamTimeout(host, port));
    }

    public void reportUpstreamTimeout(UpstreamConfig.Server server) { reportUpstreamTimeout(server.host(), server.port()); }

    private <T> T onEngine(java.util.concurrent.Callable<T> task) {
        try {
            return engine.call(task, 2_000);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("engine did not run the survivability command: " + e, e);
        }
    }

    @Override
    public void close() {
        ticking.cancel(false);
        try {
            engine.call(() -> { monitor.stop(); return null; }, 2_000);
        } catch (Exception e) {
            Logger.debug("survivability stop: {}", e.toString());
        }
        if (prober != null) prober.close();
    }
}
