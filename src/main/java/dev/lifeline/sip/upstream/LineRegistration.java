package dev.lifeline.sip.upstream;

import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.util.Clock;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * One FXS line registered at HQ as a SIP user agent (DESIGN §6, normal mode), driven by
 * {@link #tick} and by the replies its transport hands back; all time comes from the injected
 * {@link Clock}, so refresh, timeouts and backoff are tested without sleeping.
 *
 * <ul>
 *   <li>Each attempt goes through the servers as the shared {@link HqHealth} ranks them when it
 *       starts (the first server in priority order that is up, suspended ones left out), and moves
 *       to the next one when a server does not answer within {@code timeoutMs} or answers 5xx; a
 *       timeout is reported (the health view suspends that server and tells the WAN monitor).</li>
 *   <li>A REGISTER waiting on a server whose probe has since been missed, while a server that
 *       answers probes ranks first, goes there at once instead of waiting out the timeout (at
 *       start the first REGISTER leaves before any probe has an outcome).</li>
 *   <li>401/407 are answered with the line's digest credentials; a refresh to the server that
 *       challenged last carries them preemptively (next nonce count).</li>
 *   <li>A 2xx refreshes at 80 % of the lifetime HQ granted; 423 retries with Min-Expires.</li>
 *   <li>When every server failed, or HQ refused (403, wrong credentials), the next attempt
 *       waits 1 s, 2 s, 4 s … at most 60 s, each with ±20 % jitter so a branch's lines do not
 *       hammer HQ in step.</li>
 * </ul>
 *
 * <p>Not thread-safe: everything runs on one thread (the engine).
 */
public final class LineRegistration {
    /** Where a line's registration is. */
    public enum State { UNREGISTERED, REGISTERING, REGISTERED, FAILED }

    /** For status views. */
    public record Status(String line, String extension, String aor, State state, String server, int lastStatus,
                         String lastReason, long expiresInSeconds, int failures) {}

    static final long FIRST_BACKOFF_MS = 1_000;
    static final long MAX_BACKOFF_MS = 60_000;

    private final String line;
    private final String extension;
    private final String user;
    private final String domain;
    private final Supplier<List<UpstreamConfig.Server>> ranking;
    private final Predicate<UpstreamConfig.Server> down;
    /** The servers of the attempt in progress, in the order they are tried. */
    private List<UpstreamConfig.Server> servers = List.of();
    private final int expires;
    private final long timeoutMs;
    private final Clock clock;
    private final Random random;
    private final DigestClient digest;
    private final RegisterExchange.Transport transport;
    private final TimeoutReporter timeouts;
    private final String callId = "lifeline-reg-" + UUID.randomUUID();
    private long cseq;

    private State state = State.UNREGISTERED;
    private int lastStatus;
    private String lastReason = "not started";
    private long expiresAt = -1;
    private long nextAttemptAt = Long.MAX_VALUE;
    private int failures;
    private UpstreamConfig.Server registeredServer;
    private UpstreamConfig.Server challengedServer;
    private String lastChallengeHeader = "Authorization";
    private boolean stopped;

    // the REGISTER in flight
    private RegisterExchange.Request pending;
    private UpstreamConfig.Server pendingServer;
    private long sentAt;
    private Runnable abandon;
    private int askExpires;

    /** Told of HQ servers that did not answer in time (the WAN monitor counts them as misses). */
    @FunctionalInterface
    public interface TimeoutReporter {
        void timedOut(UpstreamConfig.Server server);
    }

    LineRegistration(String line, String extension, String user, String domain, Supplier<List<UpstreamConfig.Server>> ranking,
                     Predicate<UpstreamConfig.Server> down, int expires, long timeoutMs, DigestSecret secret, RegisterExchange.Transport transport,
                     TimeoutReporter timeouts, Clock clock, Random random) {
        this.line = line;
        this.extension = extension;
        this.user = user;
        this.domain = domain;
        this.ranking = ranking;
        this.down = down;
        this.expires = expires;
        this.timeoutMs = timeoutMs;
        this.digest = new DigestClient(secret);
        this.transport = transport;
        this.timeouts = timeouts;
        this.clock = clock;
        this.random = random;
    }

    public String line() { return line; }
    public String user() { return user; }
    public State state() { return state; }
    String callId() { return callId; }
    boolean idle() { return pending == null; }

    public Status status() {
        long now = clock.millis();
        String server = registeredServer != null ? name(registeredServer)
                : pending != null ? name(pendingServer) : null;
        long left = state == State.REGISTERED || (expiresAt > now) ? Math.max(0, (expiresAt - now + 999) / 1000) : 0;
        return new Status(line, extension, "sip:" + user + "@" + domain, state, server, lastStatus, lastReason, left, failures);
    }

    /** Registers now (start, or the mode returned to NORMAL), with the backoff forgotten. */
    public void registerNow() {
        stopped = false;
        failures = 0;
        nextAttemptAt = clock.millis();
        if (pending == null) tick();
    }

    /** Unregisters (Expires 0) from the server it is registered at, best effort; no retries afterwards. */
    public void unregister() {
        stopped = true;
        nextAttemptAt = Long.MAX_VALUE;
        if (pending != null) {
            abandonPending();
        }
        if (registeredServer == null) return;
        askExpires = 0;
        send(registeredServer, true);
    }

    /** Starts a due attempt and times out an unanswered REGISTER. Call often (every 20–100 ms). */
    public void tick() {
        long now = clock.millis();
        if (pending != null) {
            if (now - sentAt >= timeoutMs) {
                UpstreamConfig.Server s = pendingServer;
                abandonPending();
                if (timeouts != null) timeouts.timedOut(s);
                serverFailed(s, 0, "no answer from " + name(s) + " within " + timeoutMs + " ms");
            } else if (!stopped && down.test(pendingServer)) {
                List<UpstreamConfig.Server> ranked = ranking.get();
                if (!ranked.isEmpty() && !ranked.get(0).equals(pendingServer) && !down.test(ranked.get(0))) {
                    UpstreamConfig.Server from = pendingServer;
                    abandonPending();
                    servers = ranked;
                    Logger.info("upstream {}: {} missed its probe; trying {}", line, name(from), name(ranked.get(0)));
                    send(ranked.get(0), true);
                }
            }
            return;
        }
        if (stopped || now < nextAttemptAt) return;
        askExpires = expires;
        servers = ranking.get();
        if (servers.isEmpty()) {
            giveUp("no HQ server usable (all suspended)");
            return;
        }
        if (state != State.REGISTERED) move(State.REGISTERING, "registering at " + name(servers.get(0)));
        send(servers.get(0), true);
    }

    private void send(UpstreamConfig.Server s, boolean preemptive) {
        String header = null;
        String value = null;
        if (preemptive && s.equals(challengedServer)) {
            value = digest.preemptive("REGISTER", "sip:" + domain).orElse(null);
            if (value != null) header = lastChallengeHeader;
        }
        send(s, header, value);
    }

    private void send(UpstreamConfig.Server s, String authHeader, String authValue) {
        RegisterExchange.Request r = new RegisterExchange.Request(callId, ++cseq, user, domain, s, askExpires, authHeader, authValue);
        pending = r;
        pendingServer = s;
        sentAt = clock.millis();
        try {
            abandon = transport.send(r);
        } catch (Exception e) {
            pending = null;
            abandon = null;
            serverFailed(s, 0, "cannot send to " + name(s) + ": " + e.getMessage());
        }
    }

    /** A response to one of this line's REGISTERs (on the engine thread). */
    void onReply(RegisterExchange.Reply reply) {
        if (pending == null || reply.cseq() != pending.cseq() || reply.status() < 200) return;
        RegisterExchange.Request req = pending;
        UpstreamConfig.Server server = pendingServer;
        pending = null;
        abandon = null;
        int st = reply.status();
        lastStatus = st;
        if (st >= 200 && st < 300) {
            digest.accepted();
            if (req.expires() == 0) {
                registeredServer = null;
                expiresAt = -1;
                move(State.UNREGISTERED, "unregistered from " + name(req.server()));
                return;
            }
            int granted = reply.grantedExpires() > 0 ? reply.grantedExpires() : req.expires();
            long now = clock.millis();
            registeredServer = server;
            failures = 0;
            expiresAt = now + granted * 1000L;
            nextAttemptAt = now + granted * 800L; // refresh at 80 % of the lifetime HQ granted
            move(State.REGISTERED, "registered at " + name(req.server()) + " for " + granted + " s");
        } else if (st == 401 || st == 407) {
            var answer = digest.respond(reply.challenges(), "REGISTER", req.requestUri());
            if (answer.isEmpty()) {
                refused(st, name(req.server()) + " refused the credentials (" + st + ")");
                return;
            }
            challengedServer = server;
            lastChallengeHeader = st == 407 ? "Proxy-Authorization" : "Authorization";
            askExpires = req.expires();
            send(server, lastChallengeHeader, answer.get());
        } else if (st == 423 && reply.minExpires() > 0 && req.expires() > 0 && reply.minExpires() > req.expires()) {
            askExpires = reply.minExpires();
            send(server, false);
        } else if (st >= 500 && st < 600) {
            serverFailed(server, st, name(req.server()) + " answered " + st);
        } else if (req.expires() == 0) {
            move(State.UNREGISTERED, "unregister answered " + st);
        } else {
            refused(st, name(req.server()) + " refused the registration (" + st + ")");
        }
    }

    /** Timeout, 5xx or unsendable: the next server, or give up until the backoff ends. */
    private void serverFailed(UpstreamConfig.Server server, int status, String reason) {
        if (status != 0) lastStatus = status;
        if (stopped) {
            move(State.UNREGISTERED, reason);
            return;
        }
        int at = servers.indexOf(server);
        if (at >= 0 && at + 1 < servers.size()) {
            UpstreamConfig.Server next = servers.get(at + 1);
            Logger.info("upstream {}: {}; trying {}", line, reason, name(next));
            send(next, true);
            return;
        }
        giveUp(reason);
    }

    private void refused(int status, String reason) {
        lastStatus = status;
        digest.reset();
        challengedServer = null;
        giveUp(reason);
    }

    private void giveUp(String reason) {
        failures++;
        registeredServer = null;
        long base = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(failures - 1, 16));
        long delay = Math.min(MAX_BACKOFF_MS, Math.round(base * (0.8 + 0.4 * random.nextDouble())));
        nextAttemptAt = clock.millis() + delay;
        move(State.FAILED, reason + "; retry in " + delay + " ms");
    }

    private void abandonPending() {
        Runnable a = abandon;
        pending = null;
        abandon = null;
        if (a != null) {
            try {
                a.run();
            } catch (RuntimeException e) {
                Logger.debug("upstream {}: abandoning a REGISTER: {}", line, e.toString());
            }
        }
    }

    private void move(State to, String reason) {
        boolean changed = to != state || !reason.equals(lastReason);
        State from = state;
        state = to;
        lastReason = reason;
        if (changed && (from != to || to == State.FAILED)) {
            Logger.info("upstream {} ({}@{}): {} -> {} ({})", line, user, domain, from, to, reason);
        }
    }

    private static String name(UpstreamConfig.Server s) { return s.host() + ":" + s.port(); }
}
