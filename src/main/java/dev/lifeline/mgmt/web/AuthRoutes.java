package dev.lifeline.mgmt.web;

import com.sun.net.httpserver.HttpExchange;
import dev.lifeline.config.WebUser;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * {@code POST /api/login}, {@code POST /api/logout}, {@code GET /api/session}. A login answers
 * the user's name, role and the session's CSRF token (the page keeps it in memory and sends it
 * back on every action; the session id itself is only in the HttpOnly cookie). Failed logins
 * are throttled per source address and logged without the password.
 */
final class AuthRoutes {
    private final Accounts accounts;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final Guard guard;

    AuthRoutes(Accounts accounts, Sessions sessions, LoginThrottle throttle, Guard guard) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.throttle = throttle;
        this.guard = guard;
    }

    void login(HttpExchange ex) throws IOException {
        if (guard.foreignOrigin(ex) != null) return; // login CSRF: no logging a victim into an attacker's session
        String source = Http.source(ex);
        long wait = throttle.waitMs(source);
        if (wait > 0) {
            long s = (wait + 999) / 1000;
            ex.getResponseHeaders().set("Retry-After", String.valueOf(s));
            Http.error(ex, 429, "too many failed logins; try again in " + s + " s");
            return;
        }
        Map<String, Object> body = Http.jsonBody(ex);
        String name = Http.field(body, "name", 64);
        String password = Http.field(body, "password", 1024);
        if (name == null || password == null) {
            Http.error(ex, 400, "name and password are required");
            return;
        }
        char[] pw = password.toCharArray();
        Optional<WebUser> user;
        try {
            user = accounts.authenticate(name, pw);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Http.error(ex, 503, "shutting down");
            return;
        } finally {
            Arrays.fill(pw, '\0');
        }
        if (user.isEmpty()) {
            throttle.failed(source);
            Logger.warn("web console: failed login as '{}' from {}", printable(name), source);
            Http.error(ex, 401, "wrong name or password");
            return;
        }
        throttle.succeeded(source);
        Sessions.Session s = sessions.create(user.get().name(), user.get().role());
        Logger.info("web console: user {} ({}) logged in from {}", s.user, role(s), source);
        Http.setSessionCookie(ex, s.id, guard.tls());
        Http.json(ex, 200, describe(s));
    }

    void logout(HttpExchange ex) throws IOException {
        Sessions.Session s = guard.changer(ex);
        if (s == null) return;
        sessions.remove(s.id);
        Logger.info("web console: user {} logged out", s.user);
        Http.setSessionCookie(ex, null, guard.tls());
        Http.send(ex, 204, "text/plain", new byte[0], true);
    }

    void session(HttpExchange ex) throws IOException {
        Sessions.Session s = guard.viewer(ex);
        if (s != null) Http.json(ex, 200, describe(s));
    }

    private static Map<String, Object> describe(Sessions.Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.user);
        m.put("role", role(s));
        m.put("csrf", s.csrf);
        return m;
    }

    static String role(Sessions.Session s) { return s.role.name().toLowerCase(Locale.ROOT); }

    /** A user-typed name as it may appear in one log line. */
    static String printable(String s) {
        String t = s.length() > 32 ? s.substring(0, 32) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
