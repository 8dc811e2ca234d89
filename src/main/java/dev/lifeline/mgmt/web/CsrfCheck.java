package dev.lifeline.mgmt.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * The two checks every state-changing request passes (login, logout, admin actions): the
 * {@code Origin} the browser sent is this console's own origin, and — once logged in — the
 * request carries the session's CSRF token in the {@code X-CSRF-Token} header. The cookie is
 * {@code SameSite=Strict} too; three independent locks, because a console that can force the
 * branch into survival mode is worth forging requests against.
 */
final class CsrfCheck {
    static final String HEADER = "X-CSRF-Token";

    private CsrfCheck() {}

    /**
     * Null when {@code origin} is the origin of a page served from {@code host} (the request's
     * Host header), else why not. A state-changing request without Origin is refused: every
     * browser that runs the console sends one on POST.
     */
    static String originProblem(String origin, String host, boolean tls) {
        if (origin == null || origin.isBlank()) return "no Origin header";
        if (host == null || host.isBlank()) return "no Host header";
        String expected = (tls ? "https://" : "http://") + host.toLowerCase(Locale.ROOT);
        return expected.equals(origin.toLowerCase(Locale.ROOT)) ? null : "cross-origin request from " + clip(origin);
    }

    /** Null when {@code sent} equals the session's token (constant-time), else why not. */
    static String tokenProblem(String sent, String expected) {
        if (sent == null || sent.isEmpty()) return "no " + HEADER + " header";
        boolean same = MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
        return same ? null : "wrong " + HEADER;
    }

    private static String clip(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
