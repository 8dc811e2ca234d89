package dev.lifeline.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The local web console ({@code management.http}): where it listens, who may log in, and the
 * bounds that keep it small on the box. Off when the section is absent. Loopback by default, like
 * the CoAP API: serving it on the LAN is a deliberate choice (and wants TLS, issue #15).
 *
 * @param port          0 = ephemeral (tests)
 * @param users         at least one, and at least one admin
 * @param sessionIdleMs a session unused this long is gone (the live view does not keep it alive)
 * @param maxSessions   size of the session table; the least recently used session goes when full
 * @param maxLiveViews  open live views (Server-Sent Events streams); more are refused with 503
 */
public record HttpConsoleConfig(String host, int port, List<WebUser> users, long sessionIdleMs, int maxSessions,
                                int maxLiveViews) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_SESSION_IDLE_MS = 30 * 60_000L;
    public static final int DEFAULT_MAX_SESSIONS = 32;
    public static final int DEFAULT_MAX_LIVE_VIEWS = 16;

    public HttpConsoleConfig {
        users = List.copyOf(users);
    }

    static HttpConsoleConfig read(YamlNode node) {
        Fields f = node.fields("host", "port", "users", "session-idle", "max-sessions", "max-live-views");
        String host = f.string("host", DEFAULT_HOST);
        int port = f.integer("port", DEFAULT_PORT, 0, 65535);
        List<WebUser> users = users(f);
        long idle = f.durationMs("session-idle", DEFAULT_SESSION_IDLE_MS, 60_000, 24 * 3_600_000L);
        int maxSessions = f.integer("max-sessions", DEFAULT_MAX_SESSIONS, 1, 1024);
        int live = f.integer("max-live-views", DEFAULT_MAX_LIVE_VIEWS, 1, 256);
        return new HttpConsoleConfig(host, port, users, idle, maxSessions, live);
    }

    private static List<WebUser> users(Fields f) {
        YamlNode list = f.required("users");
        if (list == null) return List.of();
        List<YamlNode> items = list.items();
        List<WebUser> users = new java.util.ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode item : items) {
            WebUser u = WebUser.read(item);
            if (u == null) continue;
            if (!names.add(u.name())) item.error("user '" + u.name() + "' appears twice");
            else users.add(u);
        }
        if (list.isSequence() && users.size() == items.size() && users.stream().noneMatch(u -> u.role() == WebUser.Role.ADMIN)) {
            list.error("needs at least one user with role: admin");
        }
        return users;
    }
}
