package dev.lifeline.mgmt.web;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.config.HttpConsoleConfig;
import dev.lifeline.config.WebUser;
import dev.lifeline.store.Cdr;
import dev.lifeline.survival.Mode;
import dev.lifeline.survival.ModeTimeline;
import dev.lifeline.util.Json;
import dev.lifeline.util.ManualClock;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's HTTP surface on a real JDK HttpServer (ephemeral port) in front of an in-memory
 * backend: login, cookie flags, security headers, the CSRF/Origin/role checks, body limit, the
 * live view's bound, session expiry and the login throttle. The browser test
 * ({@code it.WebConsoleE2ETest}) does the same against a running gateway.
 */
class WebConsoleHttpTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ADMIN_PW = "admin-password", STAFF_PW = "staff-password";
    private static final List<WebUser> USERS = List.of(
            new WebUser("admin", WebUser.Role.ADMIN, PasswordHash.hash(ADMIN_PW.toCharArray(), WebUser.MIN_ITERATIONS, RANDOM)),
            new WebUser("staff", WebUser.Role.STAFF, PasswordHash.hash(STAFF_PW.toCharArray(), WebUser.MIN_ITERATIONS, RANDOM)));

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final Backend backend = new Backend(clock);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private WebConsole console;
    private String base;

    @BeforeEach
    void start() throws Exception {
        console = WebConsole.start(new HttpConsoleConfig("127.0.0.1", 0, USERS, 60_000, 8, 2), 0, backend, clock);
        base = console.uri();
    }

    @AfterEach
    void stop() { console.close(); }

    private HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    }

    private HttpResponse<String> send(HttpRequest r) throws Exception { return http.send(r, HttpResponse.BodyHandlers.ofString()); }

    private HttpResponse<String> post(String path, String body, String cookie, String csrf, String origin) throws Exception {
        HttpRequest.Builder b = req(path).POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (cookie != null) b.header("Cookie", cookie);
        if (csrf != null) b.header("X-CSRF-Token", csrf);
        if (origin != null) b.header("Origin", origin);
        return send(b.build());
    }

    /** Logs in; returns {cookie, csrf}. */
    private String[] login(String name, String pw) throws Exception {
        HttpResponse<String> r = post("/api/login", Json.write(Map.of("name", name, "password", pw)), null, null, base);
        assertEquals(200, r.statusCode(), r.body());
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain HTTP until TLS (issue #15)");
        Map<String, Object> body = Json.object(r.body());
        assertEquals(name, body.get("name"));
        assertFalse(r.body().contains(setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'))),
                "the session id is only in the HttpOnly cookie");
        return new String[] {setCookie.substring(0, setCookie.indexOf(';')), (String) body.get("csrf")};
    }

    @Test
    void pageAndApiCarryTheSecurityHeadersAndNoCors() throws Exception {
        HttpResponse<String> page = send(req("/").header("Origin", "http://evil.example").build());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("name=\"viewport\""), "made for phone screens too");
        assertEquals("default-src 'self'", page.headers().firstValue("Content-Security-Policy").orElseThrow().substring(0, 18));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElseThrow());
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertTrue(page.headers().map().keySet().stream().noneMatch(h -> h.toLowerCase().startsWith("access-control")), "no CORS");
        assertEquals(200, send(req("/app.js").build()).statusCode());
        assertEquals(404, send(req("/etc/passwd").build()).statusCode());

        HttpResponse<String> api = send(req("/api/snapshot").build());
        assertEquals(401, api.statusCode(), "nothing without a login");
        assertEquals("no-store", api.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(404, send(req("/api/snapshotx").build()).statusCode(), "API paths match whole");
        assertEquals(405, send(req("/api/login").build()).statusCode(), "GET on a POST resource");
    }

    @Test
    void wrongPasswordsAndForeignOriginsAreRefused() throws Exception {
        assertEquals(401, post("/api/login", "{\"name\":\"admin\",\"password\":\"nope\"}", null, null, base).statusCode());
        assertEquals(401, post("/api/login", "{\"name\":\"nobody\",\"password\":\"nope\"}", null, null, base).statusCode());
        assertEquals(403, post("/api/login", "{\"name\":\"admin\",\"password\":\"" + ADMIN_PW + "\"}", null, null, null).statusCode(),
                "no Origin");
        assertEquals(403, post("/api/login", "{\"name\":\"admin\",\"password\":\"" + ADMIN_PW + "\"}", null, null,
                "http://evil.example").statusCode(), "login CSRF");
        assertEquals(400, post("/api/login", "not json", null, null, base).statusCode());
        assertEquals(413, post("/api/login", "{\"name\":\"" + "x".repeat(Http.MAX_BODY) + "\"}", null, null, base).statusCode());
    }

    @Test
    void adminActsWithTokenAndOriginStaffOnlyLooks() throws Exception {
        String[] admin = login("admin", ADMIN_PW);
        HttpResponse<String> snap = send(req("/api/snapshot").header("Cookie", admin[0]).build());
        assertEquals(200, snap.statusCode());
        assertEquals("no-store", snap.headers().firstValue("Cache-Control").orElseThrow());
        Map<String, Object> s = Json.object(snap.body());
        assertEquals("NORMAL", ((Map<?, ?>) s.get("mode")).get("mode"));

        String survival = "{\"mode\":\"survival\"}";
        assertEquals(403, post("/api/actions/mode", survival, admin[0], null, base).statusCode(), "no CSRF token");
        assertEquals(403, post("/api/actions/mode", survival, admin[0], "wrong", base).statusCode(), "wrong CSRF token");
        assertEquals(403, post("/api/actions/mode", survival, admin[0], admin[1], "http://evil.example").statusCode(), "foreign origin");
        assertEquals(401, post("/api/actions/mode", survival, null, admin[1], base).statusCode(), "no session");
        assertTrue(backend.actions.isEmpty(), "nothing was done: " + backend.actions);

        HttpResponse<String> ok = post("/api/actions/mode", survival, admin[0], admin[1], base);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(List.of("force SURVIVAL"), backend.actions);
        assertEquals(400, post("/api/actions/mode", "{\"mode\":\"party\"}", admin[0], admin[1], base).statusCode());
        assertEquals(200, post("/api/actions/unblock", "{\"source\":\"192.0.2.10\"}", admin[0], admin[1], base).statusCode());
        assertEquals(400, post("/api/actions/unblock", "{\"source\":\"evil; rm\"}", admin[0], admin[1], base).statusCode());
        assertEquals(200, post("/api/actions/port", "{\"port\":\"fxs2\"}", admin[0], admin[1], base).statusCode());
        assertEquals(400, post("/api/actions/port", "{\"port\":\"fxs9\"}", admin[0], admin[1], base).statusCode());
        assertEquals(List.of("force SURVIVAL", "unblock 192.0.2.10 null", "port fxs2"), backend.actions);

        String[] staff = login("staff", STAFF_PW);
        assertEquals(200, send(req("/api/snapshot").header("Cookie", staff[0]).build()).statusCode(), "staff may look");
        assertEquals(403, post("/api/actions/mode", "{\"mode\":\"auto\"}", staff[0], staff[1], base).statusCode());
        assertEquals(403, post("/api/actions/unblock", "{\"source\":\"192.0.2.10\"}", staff[0], staff[1], base).statusCode());
        assertEquals(403, post("/api/actions/port", "{\"port\":\"fxs2\"}", staff[0], staff[1], base).statusCode());
        assertEquals(3, backend.actions.size(), "staff did nothing: " + backend.actions);

        assertEquals(204, post("/api/logout", "", admin[0], admin[1], base).statusCode());
        assertEquals(401, send(req("/api/snapshot").header("Cookie", admin[0]).build()).statusCode(), "logged out");
    }

    @Test
    void cdrSearchAndCsv() throws Exception {
        String[] staff = login("staff", STAFF_PW);
        HttpResponse<String> r = send(req("/api/cdrs?number=6001&from=2026-12-06&to=2026-12-06").header("Cookie", staff[0]).build());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("6001 2026-12-06T00:00:00Z 2026-12-07T00:00:00Z 200", backend.lastSearch, "a plain to-date includes its day");
        HttpResponse<String> csv = send(req("/api/cdrs.csv?number=6001").header("Cookie", staff[0]).build());
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
        assertTrue(csv.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment"));
        assertTrue(csv.body().startsWith(Csv.HEADER_LINE + "\r\n"));
        assertTrue(csv.body().contains(",6000,"), csv.body());
        assertEquals(400, send(req("/api/cdrs?from=yesterday").header("Cookie", staff[0]).build()).statusCode());
        assertEquals(401, send(req("/api/cdrs.csv").build()).statusCode());
    }

    @Test
    void liveViewsAreBoundedAndSendSnapshots() throws Exception {
        String[] staff = login("staff", STAFF_PW);
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                HttpResponse<InputStream> r = http.send(req("/api/events").header("Cookie", staff[0]).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, r.statusCode());
                assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
                open.add(r.body());
                BufferedReader in = new BufferedReader(new InputStreamReader(r.body()));
                String line;
                while ((line = in.readLine()) != null && !line.startsWith("event: snapshot")) { /* comments, retry */ }
                assertEquals("event: snapshot", line);
                assertTrue(in.readLine().startsWith("data: {\"now\""));
            }
            HttpResponse<String> third = send(req("/api/events").header("Cookie", staff[0]).build());
            assertEquals(503, third.statusCode(), "max-live-views is 2");
            assertEquals(2, console.liveViews());
        } finally {
            for (InputStream in : open) in.close();
        }
    }

    @Test
    void idleSessionsExpireAndGuessingIsThrottled() throws Exception {
        String[] staff = login("staff", STAFF_PW);
        clock.advance(59_000);
        assertEquals(200, send(req("/api/session").header("Cookie", staff[0]).build()).statusCode());
        clock.advance(60_000);
        assertEquals(401, send(req("/api/session").header("Cookie", staff[0]).build()).statusCode(), "idle for session-idle");

        String wrong = "{\"name\":\"admin\",\"password\":\"guess\"}";
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) assertEquals(401, post("/api/login", wrong, null, null, base).statusCode());
        HttpResponse<String> blocked = post("/api/login", "{\"name\":\"admin\",\"password\":\"" + ADMIN_PW + "\"}", null, null, base);
        assertEquals(429, blocked.statusCode(), "even the right password waits: the guesser must not learn it");
        assertEquals("1", blocked.headers().firstValue("Retry-After").orElseThrow());
        clock.advance(1_000);
        login("admin", ADMIN_PW);
    }

    /** The gateway side, in memory: records what the actions asked for. */
    static final class Backend implements ConsoleBackend {
        final List<String> actions = new CopyOnWriteArrayList<>();
        final ModeTimeline timeline;
        volatile String lastSearch;
        private final ManualClock clock;

        Backend(ManualClock clock) {
            this.clock = clock;
            this.timeline = new ModeTimeline(clock, Mode.NORMAL);
        }

        @Override public Map<String, Object> status() {
            return Map.of("gateway", "gw-test", "site", "test", "mode", "normal",
                    "ports", List.of(Map.of("id", "fxs1", "type", "fxs", "history", List.of("x"))));
        }
        @Override public List<Map<String, Object>> recentCdrs(int limit) { return List.of(); }
        @Override public List<Map<String, Object>> calls() { return List.of(); }
        @Override public List<Map<String, Object>> registrations() { return List.of(); }
        @Override public int unblock(String source, String user) { actions.add("unblock " + source + " " + user); return 0; }

        @Override
        public List<Cdr> searchCdrs(String number, Instant from, Instant to, int limit) {
            lastSearch = number + " " + from + " " + to + " " + limit;
            Instant t = Instant.parse("2026-12-06T09:00:00Z");
            return List.of(Cdr.builder().gatewayId("gw-test").direction("internal").callingNumber("6000").calledDialled("6001")
                    .srcLeg("fxs:fxs1").dstLeg("fxs:fxs2").start(t).answer(t.plusSeconds(1)).end(t.plusSeconds(5)).build().withSeq(1));
        }

        @Override public ModeTimeline modeTimeline() { return timeline; }
        @Override public Optional<Mode> forcedMode() { return Optional.empty(); }
        @Override public void forceMode(Mode mode, String why) { actions.add(mode == null ? "release" : "force " + mode); }
        @Override public List<String> portIds() { return List.of("fxs1", "fxs2"); }
        @Override public String returnToService(String portId) { actions.add("port " + portId); return portId + " ok"; }
        @Override public List<Map<String, Object>> alarms() { return List.of(); }
        @Override public void onModeChange(Runnable r) { }
    }
}
