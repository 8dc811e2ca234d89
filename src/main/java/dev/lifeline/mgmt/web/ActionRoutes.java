package dev.lifeline.mgmt.web;

import com.sun.net.httpserver.HttpExchange;
import dev.lifeline.survival.Mode;
import java.io.IOException;
import java.util.Map;
import org.tinylog.Logger;

/**
 * The admin's actions, each {@code POST} with a JSON body, checked by {@link Guard#admin} (own
 * origin, CSRF token, admin role) and logged as one line with the user and what was done:
 * <ul>
 *   <li>{@code /api/actions/mode} {@code {"mode": "survival"|"normal"|"auto"}}: hold a mode, or
 *       hand it back to the probes ({@code Survivability.force} / {@code release});</li>
 *   <li>{@code /api/actions/unblock} {@code {"source": IP, "user": EXT?}}: lift a failed-auth block;</li>
 *   <li>{@code /api/actions/port} {@code {"port": "fxs1"}}: return a faulted or out-of-service port
 *       to service (reset to its safe state first) — the only port restart the gateway has.</li>
 * </ul>
 */
final class ActionRoutes {
    private final ConsoleBackend backend;
    private final Guard guard;
    private final Runnable changed;

    /** @param changed run after an action, so open live views show its effect at once */
    ActionRoutes(ConsoleBackend backend, Guard guard, Runnable changed) {
        this.backend = backend;
        this.guard = guard;
        this.changed = changed;
    }

    void mode(HttpExchange ex) throws Exception {
        Sessions.Session s = guard.admin(ex, "force the mode");
        if (s == null) return;
        String mode = Http.field(Http.jsonBody(ex), "mode", 16);
        String done;
        switch (mode == null ? "" : mode) {
            case "survival" -> {
                backend.forceMode(Mode.SURVIVAL, s.user + " via the web console");
                done = "survival mode held until released";
            }
            case "normal" -> {
                backend.forceMode(Mode.NORMAL, s.user + " via the web console");
                done = "normal mode held until released";
            }
            case "auto" -> {
                backend.forceMode(null, s.user + " via the web console");
                done = "the probes decide the mode again";
            }
            default -> {
                Http.error(ex, 400, "mode must be survival, normal or auto");
                return;
            }
        }
        Logger.info("web console: user {} forced mode {} -> {}", s.user, mode, done);
        reply(ex, done);
    }

    void unblock(HttpExchange ex) throws Exception {
        Sessions.Session s = guard.admin(ex, "lift a block");
        if (s == null) return;
        Map<String, Object> body = Http.jsonBody(ex);
        String source = Http.field(body, "source", 64);
        String user = Http.field(body, "user", 64);
        if (user != null && user.isBlank()) user = null;
        if (source == null || !source.matches("[0-9A-Fa-f.:]{2,64}")) {
            Http.error(ex, 400, "source must be an IP address, e.g. 192.0.2.10");
            return;
        }
        if (user != null && !user.matches("[A-Za-z0-9._+*-]{1,64}")) {
            Http.error(ex, 400, "user must be an extension or SIP user name");
            return;
        }
        int n = backend.unblock(source, user);
        String what = user == null ? "source " + source : "user '" + user + "' from " + source;
        Logger.info("web console: user {} unblocked {} -> {} block(s) lifted", s.user, what, n);
        reply(ex, n == 0 ? "no block in force for " + what : "lifted " + n + " block(s) of " + what);
    }

    void port(HttpExchange ex) throws Exception {
        Sessions.Session s = guard.admin(ex, "return a port to service");
        if (s == null) return;
        String port = Http.field(Http.jsonBody(ex), "port", 32);
        if (port == null || !backend.portIds().contains(port)) {
            Http.error(ex, 400, "port must be one of " + backend.portIds());
            return;
        }
        String done = backend.returnToService(port);
        Logger.info("web console: user {} returned port {} to service -> {}", s.user, port, done);
        reply(ex, done);
    }

    private void reply(HttpExchange ex, String message) throws IOException {
        changed.run();
        Http.json(ex, 200, Map.of("result", message));
    }
}
