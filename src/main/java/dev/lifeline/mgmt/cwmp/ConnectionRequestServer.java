package dev.lifeline.mgmt.cwmp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lifeline.config.Tr069Config;
import dev.lifeline.util.Clock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.tinylog.Logger;

/**
 * The connection-request server (TR-069 §3.2.2): an HTTP GET on {@link #url()} with HTTP digest
 * credentials ({@code tr069.connection-request}) makes the agent open a session with
 * {@code 6 CONNECTION REQUEST}. Rate-limited on the injected clock, because anyone who can reach
 * the port can make the gateway hash and call its ACS: at most {@link #MAX_ATTEMPTS} requests per
 * {@link #WINDOW_MS} are looked at (more get 503 without a hash), and at most one accepted request
 * per {@link #MIN_ACCEPT_GAP_MS} starts a session (more get 503 too).
 */
final class ConnectionRequestServer implements AutoCloseable {
    static final String REALM = "Lifeline CWMP";
    static final int MAX_ATTEMPTS = 20;
    static final long WINDOW_MS = 10_000;
    static final long MIN_ACCEPT_GAP_MS = 1_000;
    private static final int MAX_NONCES = 64;
    private static final long NONCE_LIFE_MS = 300_000;
    private final SecureRandom random = new SecureRandom();
    private final Tr069Config.ConnectionRequest cfg;
    private final Clock clock;
    private final Runnable onRequest;
    private final HttpServer server;
    private final String path;
    private final String host;
    private final ArrayDeque<Long> attempts = new ArrayDeque<>();
    private final Map<String, Long> nonces = new LinkedHashMap<>();
    private long lastAccepted = Long.MIN_VALUE / 2;

    ConnectionRequestServer(Tr069Config.ConnectionRequest cfg, String path, Clock clock, Runnable onRequest) throws IOException {
        this.cfg = cfg;
        this.clock = clock;
        this.onRequest = onRequest;
        this.path = path;
        this.server = HttpServer.create(new InetSocketAddress(cfg.host(), cfg.port()), 8);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cwmp-conn-request");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
        this.host = reportedHost(cfg.host());
    }

    /** What the ACS calls: {@code http://host:port/path}. */
    String url() { return "http://" + host + ":" + server.getAddress().getPort() + path; }

    private static String reportedHost(String configured) {
        if (!configured.equals("0.0.0.0") && !configured.equals("::")) return configured.contains(":") ? "[" + configured + "]" : configured;
        try {
            return java.net.InetAddress.getLocalHost().getHostAddress();
        } catch (IOException e) {
            return "127.0.0.1";
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            long now = clock.millis();
            if (!admit(now)) {
                reply(ex, 503);
                return;
            }
            if (!ex.getRequestURI().getPath().equals(path) || !ex.getRequestMethod().equals("GET")) {
                reply(ex, ex.getRequestMethod().equals("GET") ? 404 : 405);
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !verify(auth, ex.getRequestURI().getRawPath(), now)) {
                String nonce = newNonce(now);
                ex.getResponseHeaders().add("WWW-Authenticate", "Digest realm=" + Digest.quote(REALM) + ", qop=\"auth\", nonce="
                        + Digest.quote(nonce) + ", algorithm=MD5");
                if (auth != null) Logger.info("cwmp: connection request from {} with wrong credentials", ex.getRemoteAddress().getAddress());
                reply(ex, 401);
                return;
            }
            synchronized (this) {
                if (now - lastAccepted < MIN_ACCEPT_GAP_MS) {
                    reply(ex, 503);
                    return;
                }
                lastAccepted = now;
            }
            Logger.info("cwmp: connection request from {} accepted", ex.getRemoteAddress().getAddress());
            reply(ex, 200);
            onRequest.run();
        }
    }

    private synchronized boolean admit(long now) {
        while (!attempts.isEmpty() && now - attempts.peekFirst() >= WINDOW_MS) attempts.pollFirst();
        if (attempts.size() >= MAX_ATTEMPTS) return false;
        attempts.addLast(now);
        return true;
    }

    private synchronized String newNonce(long now) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        String n = HexFormat.of().formatHex(b);
        nonces.put(n, now);
        while (nonces.size() > MAX_NONCES) nonces.remove(nonces.keySet().iterator().next());
        return n;
    }

    /** A digest answer to one of our nonces (used once) for the right user, password and URI. */
    private synchronized boolean verify(String header, String uri, long now) {
        if (!header.regionMatches(true, 0, "Digest ", 0, 7)) return false;
        Map<String, String> p = Digest.params(header);
        Long issued = nonces.get(p.getOrDefault("nonce", ""));
        if (issued == null || now - issued > NONCE_LIFE_MS) return false;
        if (!cfg.username().equals(p.get("username")) || !uri.equals(p.get("uri")) || p.get("response") == null) return false;
        String qop = p.get("qop");
        if (qop != null && (!qop.equals("auth") || p.get("nc") == null || p.get("cnonce") == null)) return false;
        String expected = Digest.response(p.getOrDefault("algorithm", "MD5"), cfg.username(), REALM, cfg.password(), "GET", uri,
                p.get("nonce"), p.get("nc"), p.get("cnonce"), qop);
        boolean ok = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                p.get("response").getBytes(StandardCharsets.US_ASCII));
        if (ok) nonces.remove(p.get("nonce"));
        return ok;
    }

    private static void reply(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
