package dev.lifeline.mgmt.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import org.tinylog.Logger;

/**
 * Who may do what, decided in one place: any logged-in user may look (401 otherwise); a
 * state-changing request must come from this console's own origin with the session's CSRF token
 * (403), and an action needs the admin role (403 for staff, logged).
 */
final class Guard {
    private final Sessions sessions;
    private final boolean tls;

    Guard(Sessions sessions, boolean tls) {
        this.sessions = sessions;
        this.tls = tls;
    }

    /** The request's session (marked used), or null. */
    Sessions.Session session(HttpExchange ex) {
        return sessions.use(Http.cookie(ex, Http.COOKIE)).orElse(null);
    }

    /** The session of a viewing request, or null after answering 401. */
    Sessions.Session viewer(HttpExchange ex) throws IOException {
        Sessions.Session s = session(ex);
        if (s == null) Http.error(ex, 401, "not logged in");
        return s;
    }

    /** Null when {@code ex} comes from this console's own page, else answers 403 and says why. */
    String foreignOrigin(HttpExchange ex) throws IOException {
        String problem = CsrfCheck.originProblem(ex.getRequestHeaders().getFirst("Origin"),
                ex.getRequestHeaders().getFirst("Host"), tls);
        if (problem != null) Http.error(ex, 403, "refused: " + problem);
        return problem;
    }

    /** The session of a state-changing request by any logged-in user (logout), or null after 401/403. */
    Sessions.Session changer(HttpExchange ex) throws IOException {
        Sessions.Session s = viewer(ex);
        if (s == null || foreignOrigin(ex) != null) return null;
        String problem = CsrfCheck.tokenProblem(ex.getRequestHeaders().getFirst(CsrfCheck.HEADER), s.csrf);
        if (problem != null) {
            Logger.warn("web console: {} refused for user {}: {}", ex.getRequestURI().getPath(), s.user, problem);
            Http.error(ex, 403, "refused: " + problem);
            return null;
        }
        return s;
    }

    /** The session of an admin action, or null after 401/403 (a staff user's attempt is logged). */
    Sessions.Session admin(HttpExchange ex, String action) throws IOException {
        Sessions.Session s = changer(ex);
        if (s == null) return null;
        if (!s.admin()) {
            Logger.info("web console: user {} (staff) refused {}: admin only", s.user, action);
            Http.error(ex, 403, "only an admin may " + action);
            return null;
        }
        return s;
    }

    boolean tls() { return tls; }
}
