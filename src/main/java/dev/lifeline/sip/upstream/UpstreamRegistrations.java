package dev.lifeline.sip.upstream;

import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.sip.SipHost;
import dev.lifeline.util.Clock;
import dev.lifeline.util.Engine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import javax.sip.ResponseEvent;
import javax.sip.message.Response;
import org.tinylog.Logger;

/**
 * The FXS lines' registrations at HQ (one {@link LineRegistration} each): sends their REGISTERs
 * through the gateway's SIP stack, routes HQ's answers back to the right line, ticks their
 * timers on the engine, re-registers them all when the gateway returns to NORMAL, and
 * unregisters them at shutdown.
 *
 * <p>Thread-safe at its edges: responses arrive on SIP stack threads and are handed to the
 * engine, where every line's state lives; the public commands post to the engine.
 */
public final class UpstreamRegistrations implements AutoCloseable {
    /** How often line timers are looked at. */
    static final long TICK_MS = 50;
    private static final long UNREGISTER_WAIT_MS = 1_500;

    /** A line that registers upstream: port id, its extension, its user at HQ, its credentials. */
    public record Line(String line, String extension, String user, DigestSecret secret) {}

    private final SipHost host;
    private final RegisterMessages messages;
    private final Engine engine;
    private final Map<String, LineRegistration> byCallId = new LinkedHashMap<>();
    private final List<LineRegistration> lines = new ArrayList<>();
    private final SipHost.ResponseListener responses = (h, e) -> onResponse(e);
    private ScheduledFuture<?> ticking;

    UpstreamRegistrations(SipHost host, UpstreamConfig up, List<Line> lines, Engine engine, Clock clock, HqHealth health,
                          Random random) {
        this.host = host;
        this.engine = engine;
        this.messages = new RegisterMessages(host);
        for (Line l : lines) {
            LineRegistration r = new LineRegistration(l.line(), l.extension(), l.user(), up.aorDomain(), health::ranked,
                    s -> health.probe(s) == HqHealth.Probe.MISSING,
                    up.registerExpires(), up.registerTimeoutMs(), l.secret(), messages::send, health::timedOut, clock, random);
            this.lines.add(r);
            byCallId.put(r.callId(), r);
        }
        host.onResponses(responses);
    }

    /**
     * Registers {@code lines} at {@code up}'s servers, as {@code health} ranks them, and keeps them
     * registered; servers that did not answer are reported to {@code health}. {@code host} must be started.
     */
    public static UpstreamRegistrations start(SipHost host, UpstreamConfig up, List<Line> lines, Engine engine, Clock clock,
                                              HqHealth health) {
        UpstreamRegistrations r = new UpstreamRegistrations(host, up, lines, engine, clock, health, new Random());
        if (!lines.isEmpty()) {
            Logger.info("upstream: registering {} line(s) at {} (domain {}, {} s)", lines.size(),
                    up.servers().stream().map(RegisterMessages::name).toList(), up.aorDomain(), up.registerExpires());
            r.ticking = engine.every(TICK_MS, r::tick);
            r.reRegisterAll();
        }
        return r;
    }

    /** Runs every line's timers; engine thread (tests call it after moving their clock). */
    public void tick() {
        for (LineRegistration l : lines) l.tick();
    }

    /** Registers every line now, backoff forgotten (start, and when the mode returns to NORMAL). */
    public void reRegisterAll() {
        engine.execute(() -> {
            for (LineRegistration l : lines) l.registerNow();
        });
    }

    /** Per-line state for status views. */
    public List<LineRegistration.Status> status() {
        return onEngine(() -> lines.stream().map(LineRegistration::status).toList());
    }

    /** The line registrations (tests; state is read on the engine). */
    public List<LineRegistration> lines() { return List.copyOf(lines); }

    private void onResponse(ResponseEvent e) {
        Response r = e.getResponse();
        RegisterExchange.Reply reply = messages.read(r);
        if (reply == null) return;
        LineRegistration line = byCallId.get(reply.callId()); // the map is never changed after construction
        if (line != null) engine.execute(() -> line.onReply(reply));
    }

    /** Stops ticking and listening without unregistering (tests that share one SIP stack). */
    void detach() {
        if (ticking != null) ticking.cancel(false);
        host.removeResponseListener(responses);
    }

    /** Unregisters every line (best effort, waits briefly for HQ's answers) and stops. */
    @Override
    public void close() {
        if (ticking != null) ticking.cancel(false);
        try {
            onEngine(() -> {
                for (LineRegistration l : lines) l.unregister();
                return null;
            });
            long end = System.currentTimeMillis() + UNREGISTER_WAIT_MS;
            while (System.currentTimeMillis() < end && !onEngine(() -> lines.stream().allMatch(LineRegistration::idle))) {
                Thread.sleep(20);
                onEngine(() -> { tick(); return null; });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            Logger.debug("upstream: unregistering: {}", e.toString());
        } finally {
            host.removeResponseListener(responses);
        }
    }

    private <T> T onEngine(Callable<T> task) {
        try {
            return engine.call(task, 2_000);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("engine did not answer: " + e, e);
        }
    }
}
