package dev.lifeline.sip.registrar;

import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.sip.SipHost;
import dev.lifeline.sip.upstream.HqHealth;
import dev.lifeline.util.Clock;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.address.SipURI;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.tinylog.Logger;

/**
 * Forwards the branch phones' REGISTERs to HQ while HQ is in use (DESIGN §6 normal mode, like
 * AudioCodes SAS "outbound mode"): a stateful proxy in the sense of RFC 3261 §16 — the phone's
 * server transaction stays open, a copy goes to the preferred HQ server on its own client
 * transaction with our Via on top, Max-Forwards decremented, a {@code Path} naming the gateway
 * (RFC 3327, so HQ reaches the phone through us) and the Request-URI set to HQ's domain. From,
 * To, Contact and the phone's Authorization are left alone: HQ authenticates the phone itself and
 * its challenges travel back to the phone.
 *
 * <p>Every 2xx from HQ leaves a <em>shadow binding</em> ({@link Binding#HQ}) in the location store
 * for each contact HQ confirmed, with the expiry HQ granted and the phone's source address, so that
 * when the WAN goes the gateway routes calls to the phone at once, without waiting for it to
 * register again. Unregistrations remove them. The response is relayed after the store has
 * committed, so a cut right after the 200 OK finds the binding.
 *
 * <p>Which HQ server: {@link HqHealth#ranked}, the rule registrations and calls share (the first
 * server in priority order that is up). If a server does not answer within
 * {@code upstream.register-timeout} it is reported to the health view (which suspends that server
 * only and tells the WAN monitor) and the same REGISTER goes to the next server that is up, on the
 * same phone transaction; when none is left the phone is answered by the local registrar. While
 * every server is suspended, REGISTERs stay local, so the phone's answer to the local challenge is
 * not sent into the silence again. The phone keeps a short local binding and is forwarded again
 * at its next REGISTER once a server is usable ("moved back as they re-register").
 *
 * <p>Thread-safe: requests, responses and timers arrive on different threads; each forwarded
 * REGISTER is finished exactly once.
 */
public final class RegisterForwarder implements AutoCloseable {
    private final SipHost host;
    private final UpstreamConfig upstream;
    private final BooleanSupplier upstreamActive;
    private final HqHealth health;
    private final LocationStore store;
    private final AuthThrottle throttle;
    private final Clock clock;
    private final int localExpiresCap;
    private final long timeoutMs;
    private final Map<ClientTransaction, Forwarded> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final SipHost.ResponseListener responseListener = (h, e) -> onResponse(e);
    private final SipHost.TimeoutListener timeoutListener = (h, e) -> onTimeout(e);

    /**
     * @param upstreamActive  true while HQ is used (the NORMAL mode); read at every REGISTER
     * @param health          which HQ server to use; told of the servers that did not answer
     * @param localExpiresCap seconds the local registrar grants at most while it stands in for HQ
     *                        (config {@code survival.register-expires})
     */
    public RegisterForwarder(SipHost host, UpstreamConfig upstream, BooleanSupplier upstreamActive, HqHealth health,
                             LocationStore store, AuthThrottle throttle, Clock clock, int localExpiresCap) {
        this.host = host;
        this.upstream = upstream;
        this.upstreamActive = upstreamActive;
        this.health = health;
        this.store = store;
        this.throttle = throttle;
        this.clock = clock;
        this.localExpiresCap = localExpiresCap;
        this.timeoutMs = upstream.registerTimeoutMs();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "register-forwarder");
            t.setDaemon(true);
            return t;
        });
        host.onResponses(responseListener);
        host.onTimeouts(timeoutListener);
    }

    /** True when HQ servers are configured: the local registrar then only stands in for HQ. */
    public boolean upstreamConfigured() { return !upstream.isEmpty(); }

    /** True when a REGISTER arriving now goes to HQ: HQ is in use and some server is not suspended. */
    public boolean forwarding() {
        return upstreamConfigured() && upstreamActive.getAsBoolean() && health.current().isPresent();
    }

    /** The most the local registrar grants while it stands in for HQ (seconds). */
    public int localExpiresCap() { return localExpiresCap; }

    /** REGISTERs waiting for HQ's answer (status, tests). */
    public int inFlight() { return pending.size(); }

    /**
     * Forwards the REGISTER of {@code event} (its server transaction {@code st} already exists) to
     * the preferred HQ server. {@code local} answers the phone on {@code st} if HQ does not.
     */
    void forward(RequestEvent event, ServerTransaction st, Consumer<ServerTransaction> local) throws Exception {
        Request req = event.getRequest();
        MaxForwardsHeader mf = (MaxForwardsHeader) req.getHeader(MaxForwardsHeader.NAME);
        if (mf != null && mf.getMaxForwards() <= 0) {
            st.sendResponse(host.messages().createResponse(Response.TOO_MANY_HOPS, req));
            return;
        }
        Forwarded f = new Forwarded(event, st, local);
        tryNext(f, null);
    }

    /**
     * Sends {@code f} to the best server not tried yet for it; answers locally when none is left
     * (or HQ is no longer in use). {@code why}: what happened at the previous server, null at first.
     */
    private void tryNext(Forwarded f, String why) {
        UpstreamConfig.Server server = upstreamActive.getAsBoolean()
                ? health.ranked().stream().filter(s -> !f.tried.contains(s)).findFirst().orElse(null) : null;
        if (server == null) {
            fallBack(f, why == null ? "no HQ server usable" : why);
            return;
        }
        if (why != null) {
            Logger.info("registrar: REGISTER of {}: {}; trying HQ {}:{}", f.aor, why, server.host(), server.port());
        }
        f.server = server;
        f.tried.add(server);
        ClientTransaction ct;
        try {
            Request out = upstreamCopy(f.event.getRequest(), server);
            ct = host.provider().getNewClientTransaction(out);
        } catch (Exception e) {
            Logger.warn("registrar: cannot forward REGISTER of {} to HQ {}: {}", f.aor, f.target(), e.toString());
            serverFailed(f, server, "cannot send to " + f.target() + ": " + e.getMessage());
            return;
        }
        f.ct = ct;
        pending.put(ct, f);
        f.timer = timer.schedule(() -> {
            if (pending.remove(ct, f)) {
                terminate(ct);
                serverFailed(f, server, "no answer from " + server.host() + ":" + server.port() + " within " + timeoutMs + " ms");
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        try {
            ct.sendRequest();
        } catch (Exception e) {
            // no route to HQ (link down), connection refused on TCP: as good as a timeout, only sooner
            if (pending.remove(ct, f)) {
                f.timer.cancel(false);
                serverFailed(f, server, "cannot send to " + f.target() + ": " + e.getMessage());
            }
        }
    }

    /** {@code server} did not answer {@code f}: suspend it (the health view tells the WAN monitor), try the next. */
    private void serverFailed(Forwarded f, UpstreamConfig.Server server, String why) {
        try {
            health.timedOut(server);
        } catch (RuntimeException e) {
            Logger.warn("registrar: reporting the upstream timeout failed: {}", e.toString());
        }
        tryNext(f, why);
    }

    /** The copy that goes to HQ (RFC 3261 §16.6 steps 1-8 for our case). */
    private Request upstreamCopy(Request req, UpstreamConfig.Server server) throws Exception {
        Request out = (Request) req.clone();
        String transport = server.transport().name().toLowerCase(Locale.ROOT);
        out.setRequestURI(host.addresses().createSipURI(null, upstream.aorDomain()));
        MaxForwardsHeader mf = (MaxForwardsHeader) out.getHeader(MaxForwardsHeader.NAME);
        if (mf == null) out.setHeader(host.headers().createMaxForwardsHeader(70));
        else mf.decrementMaxForwards();
        dropOurRoute(out);
        SipURI hq = host.addresses().createSipURI(null, server.host());
        hq.setPort(server.port());
        hq.setLrParam();
        if (!"udp".equals(transport)) hq.setTransportParam(transport);
        out.addFirst(host.headers().createRouteHeader(host.addresses().createAddress(hq)));
        ViaHeader via = host.headers().createViaHeader(host.advertisedHost(), host.port(transport), transport, null);
        via.setRPort();
        out.addFirst(via);
        out.addFirst(host.headers().createHeader("Path", "<" + pathUri(transport) + ">"));
        if (!Registrar.supports(req, "path")) out.addHeader(host.headers().createSupportedHeader("path"));
        return out;
    }

    /** Where HQ reaches us: {@code upstream.advertise}, else the SIP stack's advertised address. */
    String pathUri(String transport) {
        String hostPort = upstream.advertise() != null ? upstream.advertise() : host.advertisedHost() + ":" + host.port();
        if (!hostPort.contains(":")) hostPort += ":" + host.port();
        // over TLS HQ comes back to the TLS listener (the advertised port is the UDP/TCP one)
        if ("tls".equals(transport)) hostPort = hostPort.substring(0, hostPort.lastIndexOf(':') + 1) + host.port("tls");
        return "sip:" + hostPort + ";lr" + ("udp".equals(transport) ? "" : ";transport=" + transport);
    }

    /** RFC 3261 §16.4: a phone using us as outbound proxy may name us in a pre-loaded Route; that one is done. */
    private void dropOurRoute(Request out) {
        ListIterator<?> it = out.getHeaders(RouteHeader.NAME);
        if (it == null || !it.hasNext()) return;
        RouteHeader top = (RouteHeader) it.next();
        if (top.getAddress().getURI() instanceof SipURI u && u.getHost().equals(host.advertisedHost())
                && (u.getPort() == host.port() || u.getPort() == host.port("tls") || (u.getPort() <= 0 && host.port() == 5060))) {
            out.removeFirst(RouteHeader.NAME);
        }
    }

    private void onResponse(ResponseEvent e) throws Exception {
        ClientTransaction ct = e.getClientTransaction();
        Forwarded f = ct == null ? null : pending.get(ct);
        if (f == null) return;
        Response r = e.getResponse();
        int status = r.getStatusCode();
        if (status < 200) return; // 100 Trying is hop by hop; the phone's transaction is already quiet
        if (!pending.remove(ct, f)) return;
        f.timer.cancel(false);
        Response back = (Response) r.clone();
        back.removeFirst(ViaHeader.NAME);
        if (status >= 300) {
            countFailure(f, r);
            relay(f, back);
        } else {
            ShadowBindings.apply(store, f.event, r, clock).whenComplete((bindings, err) -> {
                if (err != null) Logger.warn("registrar: shadow binding of {} not stored: {}", f.aor, err.toString());
                relay(f, back);
            });
        }
    }

    /** A wrong answer to HQ's challenge counts towards the source's block, like a wrong answer to ours. */
    private void countFailure(Forwarded f, Response r) {
        boolean hadCredentials = f.event.getRequest().getHeader("Authorization") != null;
        if (!hadCredentials || (r.getStatusCode() != Response.UNAUTHORIZED && r.getStatusCode() != Response.FORBIDDEN)) return;
        ListIterator<?> it = r.getHeaders("WWW-Authenticate");
        while (it != null && it.hasNext()) {
            if (it.next().toString().toLowerCase(Locale.ROOT).contains("stale=true")) return; // an old nonce, not a guess
        }
        throttle.failure(SipHost.source(f.event), f.aor);
    }

    private void onTimeout(TimeoutEvent e) {
        ClientTransaction ct = e.isServerTransaction() ? null : e.getClientTransaction();
        Forwarded f = ct == null ? null : pending.remove(ct);
        if (f == null) return;
        f.timer.cancel(false);
        serverFailed(f, f.server, "transaction timeout at " + f.target());
    }

    /** No HQ server answered (or none is usable): answer the phone ourselves. */
    private void fallBack(Forwarded f, String why) {
        if (!f.done.compareAndSet(false, true)) return;
        Logger.warn("registrar: REGISTER of {} answered locally ({})", f.aor, why);
        f.local.accept(f.st);
    }

    private void relay(Forwarded f, Response back) {
        if (!f.done.compareAndSet(false, true)) return;
        try {
            f.st.sendResponse(back);
        } catch (Exception e) {
            Logger.warn("registrar: relaying HQ's {} for {} failed: {}", back.getStatusCode(), f.aor, e.toString());
        }
    }

    private static void terminate(ClientTransaction ct) {
        try {
            ct.terminate();
        } catch (Exception ignored) {
            // already terminated
        }
    }

    @Override
    public void close() {
        host.removeResponseListener(responseListener);
        host.removeTimeoutListener(timeoutListener);
        timer.shutdownNow();
        pending.keySet().forEach(RegisterForwarder::terminate);
        pending.clear();
    }

    /** One REGISTER on its way to HQ. */
    private static final class Forwarded {
        final RequestEvent event;
        final ServerTransaction st;
        final Consumer<ServerTransaction> local;
        final String aor;
        final AtomicBoolean done = new AtomicBoolean();
        final Set<UpstreamConfig.Server> tried = ConcurrentHashMap.newKeySet();
        volatile UpstreamConfig.Server server;
        volatile ClientTransaction ct;
        volatile ScheduledFuture<?> timer;

        Forwarded(RequestEvent event, ServerTransaction st, Consumer<ServerTransaction> local) {
            this.event = event;
            this.st = st;
            this.local = local;
            ToHeader to = (ToHeader) event.getRequest().getHeader(ToHeader.NAME);
            this.aor = to.getAddress().getURI() instanceof SipURI u ? BindingLog.printable(u.getUser()) : "?";
        }

        String target() { return server.host() + ":" + server.port(); }
    }
}
