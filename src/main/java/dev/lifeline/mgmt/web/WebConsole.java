package dev.lifeline.mgmt.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lifeline.config.HttpConsoleConfig;
import dev.lifeline.util.Clock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.tinylog.Logger;

/**
 * The local web console (issue #16): one page for branch staff and the site admin — mode banner,
 * ports, calls, registrations, alarms, CDR search and CSV, the mode's last 24 hours — updated live,
 * plus the admin's few actions.
 *
 * <p>Served by the JDK's own {@code com.sun.net.httpserver.HttpServer}: no new dependency and a
 * few hundred KB on the box, which is what a console for a handful of people needs. Its executor
 * is a small bounded pool ({@link #MIN_THREADS}..{@link #MAX_THREADS} threads, {@link #QUEUE}
 * waiting exchanges; beyond that a connection is closed), live views do not hold pool threads
 * (see {@link LiveUpdates}), request bodies are capped ({@link Http#MAX_BODY}).
 */
public final class WebConsole implements AutoCloseable {
    static final int MIN_THREADS = 1;
    static final int MAX_THREADS = 4;
    static final int QUEUE = 32;

    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final LiveUpdates live;

    private WebConsole(HttpServer server, ThreadPoolExecutor pool, LiveUpdates live) {
        this.server = server;
        this.pool = pool;
        this.live = live;
    }

    /** Binds {@code cfg.host()}:{@code port} (0 = any free port) and starts serving. */
    public static WebConsole start(HttpConsoleConfig cfg, int port, ConsoleBackend backend, Clock clock) throws IOException {
        boolean tls = cfg.tls(); // then Secure cookies and https:// origins
        HttpServer server;
        try {
            if (tls) {
                com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress(cfg.host(), port), 16);
                https.setHttpsConfigurator(TlsContext.configurator(TlsContext.server(
                        java.nio.file.Path.of(cfg.certFile()), java.nio.file.Path.of(cfg.keyFile()))));
                server = https;
            } else {
                server = HttpServer.create(new InetSocketAddress(cfg.host(), port), 16);
            }
        } catch (java.net.BindException e) {
            throw new IOException("web console: cannot listen on " + cfg.host() + ":" + port + " (" + e.getMessage()
                    + "); set another management.http.port", e);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MIN_THREADS, MAX_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "web-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        server.setExecutor(pool);

        Sessions sessions = new Sessions(clock, cfg.sessionIdleMs(), cfg.maxSessions(), new SecureRandom());
        Guard guard = new Guard(sessions, tls);
        Snapshots snapshots = new Snapshots(backend, clock);
        LiveUpdates live = new LiveUpdates(cfg.maxLiveViews(), () -> {
            try {
                return snapshots.build();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.toString(), e);
            }
        }, sessions);
        backend.onModeChange(live::nudge);
        AuthRoutes auth = new AuthRoutes(new Accounts(cfg.users()), sessions, new LoginThrottle(clock), guard);
        ViewRoutes views = new ViewRoutes(backend, snapshots, live, guard);
        ActionRoutes actions = new ActionRoutes(backend, guard, live::nudge);
        StaticFiles files = new StaticFiles();

        route(server, "/", Set.of("GET", "HEAD"), files::serve, false);
        route(server, "/api/login", Set.of("POST"), auth::login, true);
        route(server, "/api/logout", Set.of("POST"), auth::logout, true);
        route(server, "/api/session", Set.of("GET"), auth::session, true);
        route(server, "/api/snapshot", Set.of("GET"), views::snapshot, true);
        route(server, "/api/events", Set.of("GET"), views::events, true);
        route(server, "/api/cdrs", Set.of("GET"), views::cdrs, true);
        route(server, "/api/cdrs.csv", Set.of("GET"), views::csv, true);
        route(server, "/api/actions/mode", Set.of("POST"), actions::mode, true);
        route(server, "/api/actions/unblock", Set.of("POST"), actions::unblock, true);
        route(server, "/api/actions/port", Set.of("POST"), actions::port, true);
        server.start();
        WebConsole c = new WebConsole(server, pool, live);
        Logger.info("web console on {} ({} user(s), up to {} live views)", c.uri(), cfg.users().size(), cfg.maxLiveViews());
        return c;
    }

    /** A handler that may throw; {@link #route} turns what it throws into an answer. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange ex) throws Exception;
    }

    /**
     * Registers {@code h} for exactly {@code path} (the JDK matches contexts by prefix; an API path
     * must match whole) with the security headers on every answer, 405 for other methods, 400 for
     * bad input, 413 for an over-long body and 500 — with nothing of the exception — for a bug.
     */
    private static void route(HttpServer server, String path, Set<String> methods, Handler h, boolean exact) {
        server.createContext(path, ex -> { // not try-with-resources: a live view's exchange stays open
            try {
                Http.securityHeaders(ex);
                if (exact && !ex.getRequestURI().getPath().equals(path)) {
                    Http.error(ex, 404, "no such resource");
                    return;
                }
                if (!methods.contains(ex.getRequestMethod())) {
                    ex.getResponseHeaders().set("Allow", String.join(", ", methods));
                    Http.error(ex, 405, "method not allowed");
                    return;
                }
                h.handle(ex);
            } catch (Http.TooLarge e) {
                safely(ex, 413, "request body too large");
            } catch (IllegalArgumentException e) {
                safely(ex, 400, e.getMessage());
            } catch (Exception e) {
                Logger.warn(e, "web console: {} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath());
                safely(ex, 500, "internal error (see the gateway log)");
            }
        });
    }

    private static void safely(HttpExchange ex, int status, String message) {
        try {
            Http.error(ex, status, message);
        } catch (IOException | RuntimeException alreadySent) {
            // headers already went out: nothing more to tell the browser
        } finally {
            ex.close();
        }
    }

    /** {@code http://host:port} actually bound. */
    public String uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return (server instanceof com.sun.net.httpserver.HttpsServer ? "https://" : "http://") + host + ":" + a.getPort();
    }

    public int port() { return server.getAddress().getPort(); }

    /** Open live views (tests, status). */
    public int liveViews() { return live.size(); }

    @Override
    public void close() {
        live.close();
        server.stop(0);
        pool.shutdownNow();
    }
}
