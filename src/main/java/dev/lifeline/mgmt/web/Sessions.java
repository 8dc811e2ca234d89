package dev.lifeline.mgmt.web;

import dev.lifeline.config.WebUser;
import dev.lifeline.util.Clock;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The logged-in sessions: random 128-bit ids (the cookie), each with its own 128-bit CSRF token,
 * gone after {@code idleMs} without a request. The table is bounded: when it is full the least
 * recently used session is dropped, so logging in always works and memory stays fixed (only
 * configured users can create sessions at all). Time comes from the injected {@link Clock}.
 */
final class Sessions {
    /** A logged-in user. {@code lastSeen} is clock millis. */
    static final class Session {
        final String id;
        final String user;
        final WebUser.Role role;
        final String csrf;
        volatile long lastSeen;

        Session(String id, String user, WebUser.Role role, String csrf, long now) {
            this.id = id;
            this.user = user;
            this.role = role;
            this.csrf = csrf;
            this.lastSeen = now;
        }

        boolean admin() { return role == WebUser.Role.ADMIN; }
    }

    private final Clock clock;
    private final long idleMs;
    private final int max;
    private final SecureRandom random;
    private final LinkedHashMap<String, Session> table = new LinkedHashMap<>(16, 0.75f, true); // access order = LRU

    Sessions(Clock clock, long idleMs, int max, SecureRandom random) {
        if (max < 1) throw new IllegalArgumentException("max sessions must be at least 1");
        this.clock = clock;
        this.idleMs = idleMs;
        this.max = max;
        this.random = random;
    }

    synchronized Session create(String user, WebUser.Role role) {
        long now = clock.millis();
        expire(now);
        while (table.size() >= max) {
            Iterator<Map.Entry<String, Session>> oldest = table.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
        Session s = new Session(token(), user, role, token(), now);
        table.put(s.id, s);
        return s;
    }

    /** The session and marks it used now; empty when unknown or idle too long (it is then removed). */
    synchronized Optional<Session> use(String id) {
        Session s = live(id);
        if (s != null) s.lastSeen = clock.millis();
        return Optional.ofNullable(s);
    }

    /** The session without marking it used (the live view must not keep an unattended session alive). */
    synchronized Optional<Session> peek(String id) {
        Session s = id == null ? null : table.get(id);
        if (s != null && clock.millis() - s.lastSeen >= idleMs) {
            table.remove(id);
            s = null;
        }
        return Optional.ofNullable(s);
    }

    synchronized void remove(String id) { if (id != null) table.remove(id); }

    synchronized int size() {
        expire(clock.millis());
        return table.size();
    }

    private Session live(String id) {
        if (id == null) return null;
        Session s = table.get(id);
        if (s != null && clock.millis() - s.lastSeen >= idleMs) {
            table.remove(id);
            return null;
        }
        return s;
    }

    private void expire(long now) {
        table.values().removeIf(s -> now - s.lastSeen >= idleMs);
    }

    /** 128 random bits, URL-safe Base64 (22 characters). */
    private String token() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
