package dev.lifeline.app;

import dev.lifeline.call.CallEngine;
import dev.lifeline.call.HqDestination;
import dev.lifeline.call.HqIdentity;
import dev.lifeline.call.Leg;
import dev.lifeline.config.LineConfig;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.sip.registrar.Binding;
import dev.lifeline.sip.upstream.DigestSecret;
import dev.lifeline.sip.upstream.HqHealth;
import dev.lifeline.sip.upstream.LineRegistration;
import dev.lifeline.sip.upstream.UpstreamRegistrations;
import dev.lifeline.survival.Mode;
import dev.lifeline.survival.Survivability;
import dev.lifeline.util.Clock;
import dev.lifeline.util.Engine;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * The normal-mode upstream side, wired: the dial plan's routes with the {@code hq} destination
 * (used only while the mode is NORMAL), the FXS lines registered at HQ (re-registered whenever
 * the mode returns to NORMAL), HQ's servers trusted as callers, and calls from HQ mapped to
 * local endpoints. Upstream transaction timeouts reach the WAN monitor as early loss signals.
 */
final class UpstreamWiring implements AutoCloseable {
    private final UpstreamRegistrations registrations;

    private UpstreamWiring(UpstreamRegistrations registrations) { this.registrations = registrations; }

    /**
     * @param site    the config the gateway started with (servers, line registrations: restart to change)
     * @param current the running config, which a controller push may replace: who calls from HQ
     *                are for and who branch callers are at HQ follow it
     */
    static UpstreamWiring wire(SiteConfig site, java.util.function.Supplier<SiteConfig> current, SipWiring sip,
                               CallEngine calls, Engine engine, Clock clock, Survivability survival, HqHealth health) {
        UpstreamConfig up = site.upstream();
        calls.router().setRoutes(site.dialPlan().routes());
        calls.router().setCallsFromHq(user -> extensionCalledFromHq(current.get(), sip, user));
        if (up.isEmpty()) return new UpstreamWiring(null);

        sip.sessions().trust(trustedServers(up));
        HqDestination hq = new HqDestination(sip.context(), up.aorDomain(), health::current,
                (Leg caller) -> identity(current.get(), caller.number()), health::timedOut, up.inviteTimeoutMs());
        calls.router().setHq(() -> survival.mode() == Mode.NORMAL, hq);

        List<UpstreamRegistrations.Line> lines = new ArrayList<>();
        for (LineConfig l : site.lines().values()) {
            if (l.upstream() != null) {
                lines.add(new UpstreamRegistrations.Line(l.port(), l.extension(), l.upstream().user(),
                        DigestSecret.forLine(l.upstream())));
            }
        }
        UpstreamRegistrations regs = UpstreamRegistrations.start(sip.host(), up, lines, engine, clock, health);
        survival.addListener((from, to, cause) -> {
            if (to == Mode.NORMAL && from != Mode.NORMAL && !lines.isEmpty()) { // fallback: the lines go back to HQ
                Logger.info("upstream: back to NORMAL, re-registering {} line(s) at HQ", lines.size());
                regs.reRegisterAll();
            }
        });
        return new UpstreamWiring(regs);
    }

    /**
     * Who a branch caller is at HQ: a line's upstream identity, or a SIP user as
     * {@code <extension>@<domain>}; looked up in the running config at each call.
     */
    private static Optional<HqIdentity> identity(SiteConfig site, String extension) {
        Optional<LineConfig> line = site.lineByExtension(extension).filter(l -> l.upstream() != null);
        if (line.isPresent()) {
            LineConfig l = line.get();
            return Optional.of(new HqIdentity(l.upstream().user(), l.name(), DigestSecret.forLine(l.upstream())));
        }
        // the provisioned HA1 is for the gateway's realm: it answers HQ only when HQ uses the same realm
        return site.userByExtension(extension).map(u -> new HqIdentity(u.extension(), u.name(),
                DigestSecret.ofHa1(u.authUser(), site.sip().realm(), u.ha1Md5(), u.ha1Sha256())));
    }

    /**
     * The one HQ health view that REGISTER forwarding, line registrations and calls share: fed by
     * the OPTIONS monitor's per-server outcomes; its timeouts reach the WAN monitor as early
     * loss signals; suspensions end when the mode returns to NORMAL.
     */
    static HqHealth health(UpstreamConfig up, Survivability survival, Clock clock) {
        HqHealth health = new HqHealth(up, clock);
        survival.addServerListener((server, answered) -> {
            if (answered) health.probeAnswered(server);
            else health.probeMissed(server);
        });
        health.onTimeout(survival::reportUpstreamTimeout);
        survival.addListener((from, to, cause) -> {
            if (to == Mode.NORMAL && from != Mode.NORMAL) health.resume();
        });
        return health;
    }

    /**
     * HQ's servers by address: UDP from the server's own port (where HQ sends from), TCP/TLS from
     * any port of its address (connections come from ephemeral ports).
     */
    private static dev.lifeline.sip.session.TrustedPeer trustedServers(UpstreamConfig up) {
        Map<String, List<UpstreamConfig.Server>> byIp = new HashMap<>();
        for (UpstreamConfig.Server s : up.servers()) {
            try {
                for (InetAddress a : InetAddress.getAllByName(s.host())) {
                    byIp.computeIfAbsent(a.getHostAddress(), k -> new ArrayList<>()).add(s);
                }
            } catch (UnknownHostException e) {
                Logger.warn("upstream: cannot resolve HQ server {} (calls from it will be challenged): {}", s.host(), e.getMessage());
            }
        }
        return (ip, port, transport) -> byIp.getOrDefault(ip, List.of()).stream().anyMatch(s ->
                s.transport().name().toLowerCase(Locale.ROOT).equals(transport)
                        && (!transport.equals("udp") || s.port() == port));
    }

    /**
     * The local extension a call from HQ is for, by its Request-URI user: a line's upstream
     * user, a SIP user's extension, or the user part of a contact registered here (a branch
     * phone HQ reaches through the gateway's Path).
     */
    private static Optional<String> extensionCalledFromHq(SiteConfig site, SipWiring sip, String user) {
        if (user == null) return Optional.empty();
        for (LineConfig l : site.lines().values()) {
            if (l.upstream() != null && l.upstream().user().equals(user)) return Optional.of(l.extension());
        }
        if (site.userByExtension(user).isPresent()) return Optional.of(user);
        for (Map.Entry<String, List<Binding>> e : sip.locations().snapshot().entrySet()) {
            for (Binding b : e.getValue()) {
                if (user.equals(contactUser(b.contact()))) return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    private static String contactUser(String contact) {
        String c = contact.startsWith("<") ? contact.substring(1) : contact;
        int colon = c.indexOf(':');
        int at = c.indexOf('@');
        return colon < 0 || at < colon ? null : c.substring(colon + 1, at);
    }

    /** Upstream line registrations as the management views show them. */
    List<Map<String, Object>> rows() {
        if (registrations == null) return List.of();
        List<Map<String, Object>> out = new ArrayList<>();
        for (LineRegistration.Status s : registrations.status()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", s.line());
            m.put("extension", s.extension());
            m.put("aor", s.aor());
            m.put("state", s.state().name());
            m.put("server", s.server());
            m.put("lastStatus", s.lastStatus() == 0 ? null : s.lastStatus());
            m.put("expiresInSeconds", s.expiresInSeconds());
            m.put("failures", s.failures());
            m.put("reason", s.lastReason());
            out.add(m);
        }
        return out;
    }

    /** Re-registers every line now (tests; the mode listener does it on the way back to NORMAL). */
    void reRegisterAll() { if (registrations != null) registrations.reRegisterAll(); }

    /** Unregisters the lines (best effort). Before the SIP stack and the engine are closed. */
    @Override
    public void close() {
        if (registrations != null) registrations.close();
    }
}
