package dev.lifeline.mgmt.web;

import com.sun.net.httpserver.HttpExchange;
import dev.lifeline.util.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The live view: Server-Sent Events ({@code text/event-stream}), one {@code snapshot} event a
 * second and one at once after a mode change, so the page never reloads.
 *
 * <p>Why this shape: a stream must not hold one of the HTTP server's few pool threads for as long
 * as a page is open. The handler only sends the headers and hands the exchange over; each stream
 * then has a virtual thread that writes the newest snapshot (a stalled browser stalls only its own
 * thread, and it is sent the newest picture, never a backlog). One platform thread builds the
 * snapshot once per tick for all streams, and only while a stream is open. At most
 * {@code maxClients} streams (the caller answers 503 beyond); a stream ends when its session has
 * expired or logged out (a {@code logout} event first), when the browser goes away, or at close.
 */
final class LiveUpdates implements AutoCloseable {
    static final long PERIOD_MS = 1_000;

    private final int maxClients;
    private final Supplier<Object> snapshot;
    private final Sessions sessions;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;
    private volatile boolean closed;

    LiveUpdates(int maxClients, Supplier<Object> snapshot, Sessions sessions) {
        this.maxClients = maxClients;
        this.snapshot = snapshot;
        this.sessions = sessions;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "web-live");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::publish, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a stream on {@code ex} for {@code sessionId}; false (nothing sent) when
     * {@code maxClients} streams are open already.
     */
    synchronized boolean open(HttpExchange ex, String sessionId) throws IOException {
        if (closed || clients.size() >= maxClients) return false;
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Accel-Buffering", "no");
        ex.sendResponseHeaders(200, 0);
        Client c = new Client(ex, sessionId);
        clients.add(c);
        Thread.ofVirtual().name("web-live-client").start(c::run);
        nudge(); // the first picture at once, not a second later
        return true;
    }

    int size() { return clients.size(); }

    /** A snapshot now (after a mode change); never blocks the caller. */
    void nudge() {
        try {
            if (!closed) ticker.execute(this::publish);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // closed meanwhile: no views left to tell
        }
    }

    private void publish() {
        if (clients.isEmpty()) return;
        String event;
        try {
            event = "event: snapshot\ndata: " + Json.write(snapshot.get()) + "\n\n";
        } catch (RuntimeException e) {
            Logger.warn("web console: snapshot failed: {}", e.toString());
            event = "event: trouble\ndata: {\"error\": \"the gateway did not answer in time\"}\n\n";
        }
        for (Client c : clients) c.offer(event);
    }

    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
        for (Client c : clients) c.stop();
    }

    /** One open stream: the newest event waiting to be written, and the thread that writes it. */
    private final class Client {
        private final HttpExchange ex;
        private final String sessionId;
        private String pending;
        private boolean stopped;

        Client(HttpExchange ex, String sessionId) {
            this.ex = ex;
            this.sessionId = sessionId;
        }

        synchronized void offer(String event) {
            pending = event; // replaces an unsent older one: a slow browser gets the newest picture
            notifyAll();
        }

        synchronized void stop() {
            stopped = true;
            notifyAll();
        }

        private synchronized String next() throws InterruptedException {
            while (pending == null && !stopped) wait();
            String e = pending;
            pending = null;
            return stopped ? null : e;
        }

        void run() {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(": lifeline live view\nretry: 3000\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                String event;
                while ((event = next()) != null) {
                    if (sessions.peek(sessionId).isEmpty()) {
                        out.write("event: logout\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        break;
                    }
                    out.write(event.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                Logger.debug("web console: live view closed: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                clients.remove(this);
                ex.close();
            }
        }
    }
}
