package dev.lifeline.app;

import dev.lifeline.call.CallEngine;
import dev.lifeline.call.Directory;
import dev.lifeline.call.SipContext;
import dev.lifeline.call.SipIncomingLeg;
import dev.lifeline.call.SipOutgoingLeg;
import dev.lifeline.config.SipConfig;
import dev.lifeline.config.SipUser;
import dev.lifeline.config.SurvivalConfig;
import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.media.rtp.RtpPortPool;
import dev.lifeline.sip.SipHost;
import dev.lifeline.sip.SipStartException;
import dev.lifeline.sip.registrar.AuthThrottle;
import dev.lifeline.sip.registrar.Binding;
import dev.lifeline.sip.registrar.CallAuthenticator;
import dev.lifeline.sip.registrar.DigestAuthenticator;
import dev.lifeline.sip.registrar.LocationStore;
import dev.lifeline.sip.registrar.Registrar;
import dev.lifeline.sip.registrar.RegisterForwarder;
import dev.lifeline.sip.session.SessionManager;
import dev.lifeline.sip.upstream.HqHealth;
import dev.lifeline.store.Database;
import dev.lifeline.util.Clock;
import dev.lifeline.util.Engine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The SIP side of the gateway: stack, location store and registrar, INVITE sessions, RTP ports,
 * and the SIP users in the directory. Built after the call engine, closed before the store.
 */
final class SipWiring implements AutoCloseable {
    static final int RTP_MIN = dev.lifeline.media.rtp.RtpPortPool.DEFAULT_MIN;
    static final int RTP_MAX = dev.lifeline.media.rtp.RtpPortPool.DEFAULT_MAX;
    private static final int SIP_THREADS = 4;

    private final SipHost host;
    private final LocationStore locations;
    private final Registrar registrar;
    private final AuthThrottle throttle;
    private RegisterForwarder forwarder;
    private final SessionManager sessions;
    private final RtpPortPool rtp;
    private final SipContext context;
    private final Clock clock;
    private final dev.lifeline.sip.overload.StormRecovery stormRecovery;

    SipWiring(SipConfig sip, List<SipUser> users, Integer portOverride, Database db, Clock clock, CallEngine calls,
              Engine engine) throws SipStartException {
        this(sip, UpstreamConfig.NONE, users, portOverride, db, clock, calls, engine);
    }

    /** {@code up}: the HQ servers, of which those with {@code transport: tls} are checked by name (RFC 5922). */
    SipWiring(SipConfig sip, UpstreamConfig up, List<SipUser> users, Integer portOverride, Database db, Clock clock,
              CallEngine calls, Engine engine) throws SipStartException {
        this.clock = clock;
        int udp = portOverride != null ? portOverride : sip.udpPort();
        int tcp = portOverride != null ? portOverride : sip.tcpPort();
        host = new SipHost(sip.listenHost(), udp, tcp, SIP_THREADS, sip.overload(), tls(sip, up));
        stormRecovery = new dev.lifeline.sip.overload.StormRecovery(host.admission());
        locations = new LocationStore(db, clock);
        if (host.tls() != null) host.flows(this::tlsFlow);
        throttle = new AuthThrottle(sip.authFailures(), sip.authWindowMs(), sip.authBlockMs(), clock);
        registrar = new Registrar(sip, users, locations, new DigestAuthenticator(clock, DigestAuthenticator.DEFAULT_NONCE_TTL_MS, sip.digestAlgorithms()),
                throttle, clock);
        registrar.attach(host);
        sessions = new SessionManager(host);
        sessions.authenticateWith(new CallAuthenticator(registrar));
        rtp = new RtpPortPool(sip.listenHost(), RTP_MIN, RTP_MAX);
        java.util.Map<String, dev.lifeline.config.SrtpPolicy> userSrtp = new java.util.HashMap<>();
        for (SipUser u : users) if (u.srtp() != null) userSrtp.put(u.extension(), u.srtp());
        dev.lifeline.config.SrtpPolicy siteSrtp = sip.srtp();
        context = new SipContext(calls, engine, sessions, rtp, host.advertisedHost(),
                ext -> locations.lookup(ext).stream().map(Binding::contact).toList(),
                new SipContext.SrtpPolicies() {
                    @Override public dev.lifeline.config.SrtpPolicy site() { return siteSrtp; }
                    @Override public dev.lifeline.config.SrtpPolicy forUser(String ext) {
                        return ext == null ? siteSrtp : userSrtp.getOrDefault(ext, siteSrtp);
                    }
                }, dev.lifeline.media.rtp.CodecPreferences.from(sip.codecs()),
                new dev.lifeline.call.FaxPolicy(sip.fax().t38(), sip.fax().udptlRedundancy(), sip.fax().maxBitRate(), sip.fax().ecm()));
        sessions.onIncomingCall((session, caller, called, sdp) -> SipIncomingLeg.accept(context, session, caller, called, sdp));
        sessions.onReplacingCall((session, caller, replaced, sdp) ->
                SipIncomingLeg.acceptReplacing(context, session, caller, replaced, sdp));
    }

    void start() throws SipStartException { host.start(); }

    private static dev.lifeline.sip.tls.SipTls tls(SipConfig sip, UpstreamConfig up) throws SipStartException {
        if (sip.tls() == null) return null;
        List<dev.lifeline.sip.tls.SipTls.Server> hq = up.servers().stream()
                .filter(s -> s.transport() == UpstreamConfig.Transport.TLS)
                .map(s -> new dev.lifeline.sip.tls.SipTls.Server(s.host(), s.port())).toList();
        try {
            return dev.lifeline.sip.tls.SipTls.load(sip.tls(), hq);
        } catch (java.io.IOException e) {
            throw new SipStartException("SIP over TLS: " + e.getMessage(), e);
        }
    }

    /**
     * Where a TLS binding of {@code aor} with its contact at {@code h}:{@code p} registered from
     * (its own bindings and the shadows of registrations forwarded to HQ alike).
     */
    private java.util.Optional<String> tlsFlow(String aor, String h, int p) {
        for (Binding b : locations.lookup(aor)) {
            if (!"tls".equals(b.transport()) || b.received() == null) continue;
            try {
                if (host.addresses().createURI(b.contact()) instanceof javax.sip.address.SipURI u
                        && u.getHost().equalsIgnoreCase(h) && dev.lifeline.sip.tls.Flows.portOf(u) == p) {
                    return java.util.Optional.of(b.received());
                }
            } catch (java.text.ParseException e) {
                // a contact we could not parse is no flow
            }
        }
        return java.util.Optional.empty();
    }

    /** SIP over TLS in status: the listener, its certificate, each HQ server's last handshake; null when off. */
    Map<String, Object> tlsStatus() { return host.tls() == null ? null : host.tls().status(); }

    /** NOTIFY message-summary switches the analog lines' lamps; HQ's servers (as trusted for calls) and loopback only. */
    void notifyTo(dev.lifeline.sip.mwi.MwiTarget lines) {
        host.handle(javax.sip.message.Request.NOTIFY, new dev.lifeline.sip.mwi.NotifyHandler(lines, sessions::trustedPeer));
    }

    /**
     * With HQ servers configured: phones' REGISTERs go to HQ while {@code upstreamActive} (NORMAL),
     * leaving shadow bindings, to the server {@code health} picks (and tells of HQ's silence).
     */
    void forwardRegisters(UpstreamConfig up, SurvivalConfig survival, BooleanSupplier upstreamActive, HqHealth health) {
        if (up.isEmpty()) return;
        host.admission().trust(addressesOf(up));
        forwarder = new RegisterForwarder(host, up, upstreamActive, health, locations, throttle, clock,
                survival.registerExpires());
        registrar.forwardWith(forwarder);
    }

    /**
     * The IP addresses of the HQ servers, whose requests (OPTIONS probes, calls for the branch) are
     * admitted even under overload. Resolved once here; a name that does not resolve is logged and
     * simply gets no priority.
     */
    private static java.util.Set<String> addressesOf(UpstreamConfig up) {
        java.util.Set<String> ips = new java.util.HashSet<>();
        for (UpstreamConfig.Server s : up.servers()) {
            try {
                for (java.net.InetAddress a : java.net.InetAddress.getAllByName(s.host())) ips.add(a.getHostAddress());
            } catch (java.net.UnknownHostException e) {
                org.tinylog.Logger.warn("sip overload: HQ server {} does not resolve; its requests get no priority", s.host());
            }
        }
        return ips;
    }

    /** Puts every SIP user in the directory: a call to one forks to its registered contacts. */
    void addUsers(Directory directory, List<SipUser> users) {
        for (SipUser u : users) {
            directory.add(u.extension(), () -> new SipOutgoingLeg(context, u.extension(), u.name()));
        }
    }

    int port() { return host.port(); }

    /** New SIP users and realm from a pushed config; registrations in progress finish with the old table. */
    void updateUsers(List<SipUser> users, String realm) { registrar.updateUsers(users, realm); }

    /** Registered contacts (bindings) of all users. */
    int bindings() { return locations.size(); }

    SipHost host() { return host; }

    SessionManager sessions() { return sessions; }

    SipContext context() { return context; }

    LocationStore locations() { return locations; }

    int contacts(String extension) { return locations.lookup(extension).size(); }

    /** Admission control counters and the failed-auth blocks in force, for status. */
    Map<String, Object> protection() {
        var st = host.admission().stats();
        Map<String, Object> overload = new LinkedHashMap<>();
        overload.put("admitted", st.admitted());
        overload.put("rejected503", st.rejected());
        overload.put("dropped", st.dropped());
        overload.put("queueFullDrops", st.queueFull());
        overload.put("staleDrops", st.stale());
        overload.put("queued", st.queued());
        overload.put("queueLimit", st.queueLimit());
        var tx = host.transactions();
        overload.put("serverTransactions", tx.server());
        overload.put("serverTransactionLimit", tx.serverLimit());
        overload.put("clientTransactions", tx.client());
        overload.put("clientTransactionLimit", tx.clientLimit());
        overload.put("callLegs", sessions.activeSessions());
        overload.put("callLegLimit", sessions.callLegLimit());
        overload.put("refusedAtCallLegCap", sessions.refusedAtCap());
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (AuthThrottle.Block b : throttle.blocked()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", b.source());
            m.put("user", b.user() == null ? "*" : b.user());
            m.put("secondsLeft", b.secondsLeft());
            blocks.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("overload", overload);
        out.put("blocked", blocks);
        return out;
    }

    /** Lifts failed-auth blocks of {@code source} (of {@code user} only, or all when null); how many were lifted. */
    int unblock(String source, String user) { return throttle.lift(source, user); }

    List<Map<String, Object>> registrations() {
        long now = clock.now().toEpochMilli();
        List<Map<String, Object>> out = new ArrayList<>();
        locations.snapshot().forEach((aor, bindings) -> {
            for (Binding b : bindings) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("extension", aor);
                m.put("contact", b.contact());
                m.put("expiresInSeconds", b.remainingSeconds(now));
                m.put("q", b.q());
                m.put("source", b.received());
                m.put("transport", b.transport());
                m.put("userAgent", b.userAgent());
                m.put("via", b.origin()); // "hq": a shadow of the phone's registration at HQ
                out.add(m);
            }
        });
        return out;
    }

    @Override
    public void close() {
        if (forwarder != null) forwarder.close();
        stormRecovery.close();
        host.close();
        locations.close();
    }
}
