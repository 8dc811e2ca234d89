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
 * @param certFile      PEM certificate (chain) for HTTPS, or null: plain HTTP, allowed on loopback only
 * @param keyFile       its PKCS#8 private key, readable by the gateway's user only, or null
 */
public record HttpConsoleConfig(String host, int port, List<WebUser> users, long sessionIdleMs, int maxSessions,
                                int maxLiveViews, String certFile, String keyFile) {

    public HttpConsoleConfig(String host, int port, List<WebUser> users, long sessionIdleMs, int maxSessions, int maxLiveViews) {
        this(host, port, users, sessionIdleMs, maxSessions, maxLiveViews, null, null);
    }

    /** Served over HTTPS. */
    public boolean tls() { return certFile != null; }
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_SESSION_IDLE_MS = 30 * 60_000L;
    public static final int DEFAULT_MAX_SESSIONS = 32;
    public static final int DEFAULT_MAX_LIVE_VIEWS = 16;

    public HttpConsoleConfig {
        users = List.copyOf(users);
    }

    static HttpConsoleConfig read(YamlNode node) {
        Fields f = node.fields("host", "port", "users", "session-idle", "max-sessions", "max-live-views", "cert-file", "key-file");
        String host = f.string("host", DEFAULT_HOST);
        int port = f.integer("port", DEFAULT_PORT, 0, 65535);
        List<WebUser> users = users(f);
        long idle = f.durationMs("session-idle", DEFAULT_SESSION_IDLE_MS, 60_000, 24 * 3_600_000L);
        int maxSessions = f.integer("max-sessions", DEFAULT_MAX_SESSIONS, 1, 1024);
        int live = f.integer("max-live-views", DEFAULT_MAX_LIVE_VIEWS, 1, 256);
        String cert = f.get("cert-file").map(YamlNode::string).orElse(null);
        String key = f.get("key-file").map(YamlNode::string).orElse(null);
        if ((cert == null) != (key == null)) {
            node.error("HTTPS needs both cert-file and key-file");
        } else if (cert != null) {
            if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(cert))) f.get("cert-file").get().error("cannot read certificate file " + cert);
            if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(key))) {
                f.get("key-file").get().error("cannot read key file " + key);
            } else {
                String exposed = Checks.exposedToOthers(java.nio.file.Path.of(key));
                if (exposed != null) f.get("key-file").get().error("the private key " + key + " is " + exposed + "; it must be readable by the gateway's user only (chmod 600)");
            }
        } else if (!loopback(host)) {
            f.get("host").ifPresent(h -> h.error("the console on " + host + " (beyond loopback) needs HTTPS: set cert-file and key-file"));
        }
        return new HttpConsoleConfig(host, port, users, idle, maxSessions, live, cert, key);
    }

    private static boolean loopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
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
