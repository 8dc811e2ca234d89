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
 * @param advertise       "host" or "host:port" at which HQ reaches the gateway (the Path of forwarded
 *                        phone REGISTERs), or null for the SIP stack's advertised address and port; for
 *                        a gateway whose WAN side is not its SIP listen address (NAT, a relay)
 * @param inviteTimeoutMs   an INVITE to HQ without any response in this time is given up (HQ unreachable)
 * @param registerTimeoutMs a REGISTER to HQ (a line's, or a phone's forwarded one) unanswered this long
 *                          goes to the next server, or is answered locally when there is none
 * @param suspendMs         how long a server that let a transaction time out is passed over
 */
public record UpstreamConfig(List<Server> servers, String domain, int registerExpires, String advertise,
                             long inviteTimeoutMs, long registerTimeoutMs, long suspendMs) {
    public static final int DEFAULT_REGISTER_EXPIRES = 600;
    public static final long DEFAULT_INVITE_TIMEOUT_MS = 3_000;
    public static final long DEFAULT_REGISTER_TIMEOUT_MS = 4_000;
    public static final long DEFAULT_SUSPEND_MS = 10_000;
    public static final UpstreamConfig NONE = new UpstreamConfig(List.of());

    public enum Transport { UDP, TCP, TLS }

    /** One HQ server. {@code priority}: lower is preferred (like DNS SRV). */
    public record Server(String host, int port, Transport transport, int priority) {}

    public UpstreamConfig {
        servers = servers.stream().sorted(Comparator.comparingInt(Server::priority)).toList();
    }

    public UpstreamConfig(List<Server> servers) { this(servers, null, DEFAULT_REGISTER_EXPIRES); }

    public UpstreamConfig(List<Server> servers, String domain, int registerExpires) {
        this(servers, domain, registerExpires, null);
    }

    public UpstreamConfig(List<Server> servers, String domain, int registerExpires, String advertise) {
        this(servers, domain, registerExpires, advertise, DEFAULT_INVITE_TIMEOUT_MS, DEFAULT_REGISTER_TIMEOUT_MS,
                DEFAULT_SUSPEND_MS);
    }

    public boolean isEmpty() { return servers.isEmpty(); }

    /** The host part of upstream AORs: {@code domain}, else the preferred server's host. */
    public String aorDomain() {
        if (domain != null) return domain;
        return servers.isEmpty() ? null : servers.get(0).host();
    }

    static UpstreamConfig read(YamlNode node) {
        if (node == null) return NONE;
        Fields f = node.fields("servers", "domain", "register-expires", "advertise", "invite-timeout", "register-timeout",
                "suspend");
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
        String advertise = f.string("advertise", null);
        if (advertise != null && !advertise.matches("[A-Za-z0-9.\\-]+(:\\d{1,5})?")) {
            node.problems().add(node.childPath("advertise"), "must be host or host:port, got '" + advertise + "'");
            advertise = null;
        }
        long invite = f.durationMs("invite-timeout", DEFAULT_INVITE_TIMEOUT_MS, 200, 60_000);
        long register = f.durationMs("register-timeout", DEFAULT_REGISTER_TIMEOUT_MS, 200, 30_000);
        long suspend = f.durationMs("suspend", DEFAULT_SUSPEND_MS, 0, 3_600_000);
        return new UpstreamConfig(servers, domain, expires, advertise, invite, register, suspend);
    }
}
