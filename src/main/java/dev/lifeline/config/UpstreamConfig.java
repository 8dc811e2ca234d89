package dev.lifeline.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The HQ SIP servers the gateway works through in normal mode (and probes to detect WAN loss).
 * Empty means stand-alone: the gateway is always its own registrar.
 *
 * @param servers         sorted by priority, lowest number first
 * @param domain          the SIP domain of upstream AORs (lines' and phones' identities at HQ), or
 *                        null to use the preferred server's host ({@link #aorDomain})
 * @param registerExpires seconds asked for in upstream REGISTERs (the FXS lines')
 */
public record UpstreamConfig(List<Server> servers, String domain, int registerExpires) {
    public static final int DEFAULT_REGISTER_EXPIRES = 600;
    public static final UpstreamConfig NONE = new UpstreamConfig(List.of());

    public enum Transport { UDP, TCP, TLS }

    /** One HQ server. {@code priority}: lower is preferred (like DNS SRV). */
    public record Server(String host, int port, Transport transport, int priority) {}

    public UpstreamConfig {
        servers = servers.stream().sorted(Comparator.comparingInt(Server::priority)).toList();
    }

    public UpstreamConfig(List<Server> servers) { this(servers, null, DEFAULT_REGISTER_EXPIRES); }

    public boolean isEmpty() { return servers.isEmpty(); }

    /** The host part of upstream AORs: {@code domain}, else the preferred server's host. */
    public String aorDomain() {
        if (domain != null) return domain;
        return servers.isEmpty() ? null : servers.get(0).host();
    }

    static UpstreamConfig read(YamlNode node) {
        if (node == null) return NONE;
        Fields f = node.fields("servers", "domain", "register-expires");
        List<Server> servers = new ArrayList<>();
        for (YamlNode item : f.list("servers")) {
            Fields s = item.fields("host", "port", "transport", "priority");
            String host = s.requiredString("host");
            String t = s.choice("transport", "udp", Set.of("udp", "tcp", "tls"));
            int port = s.integer("port", "tls".equals(t) ? 5061 : 5060, 1, 65535);
            int prio = s.integer("priority", 1, 0, 65535);
            if (host != null && t != null) servers.add(new Server(host, port, Transport.valueOf(t.toUpperCase()), prio));
        }
        String domain = f.string("domain", null);
        int expires = f.integer("register-expires", DEFAULT_REGISTER_EXPIRES, 60, 86_400);
        return new UpstreamConfig(servers, domain, expires);
    }
}
