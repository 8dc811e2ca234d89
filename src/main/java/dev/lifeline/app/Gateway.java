package dev.lifeline.app;

import dev.lifeline.call.CallEngine;
import dev.lifeline.call.CdrRecorder;
import dev.lifeline.call.Directory;
import dev.lifeline.call.FxsLeg;
import dev.lifeline.call.Q850;
import dev.lifeline.config.ConfigError;
import dev.lifeline.config.ConfigException;
import dev.lifeline.config.LineConfig;
import dev.lifeline.config.PortDef;
import dev.lifeline.config.PortType;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.dsp.CallerIdFormat;
import dev.lifeline.dsp.Dsp;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.hal.LinePort;
import dev.lifeline.hal.PortKind;
import dev.lifeline.hal.sim.SimBoard;
import dev.lifeline.mgmt.ManagementServer;
import dev.lifeline.mgmt.controller.ControllerLink;
import dev.lifeline.mgmt.controller.StartupConfig;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.ConfigVersions;
import dev.lifeline.store.Database;
import dev.lifeline.tdm.AnalogLines;
import dev.lifeline.tdm.FxsChannel;
import dev.lifeline.tdm.FxsTimers;
import dev.lifeline.util.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tinylog.Logger;

/**
 * A running gateway: store, board, analog lines, call engine and management API, wired in
 * dependency order and torn down in reverse. Nothing starts until the whole configuration has
 * been checked, so a bad config never leaves a half-started box.
 */
public final class Gateway implements AutoCloseable {
    private final GatewayOptions options;
    private final long startedAt = System.currentTimeMillis();
    private Database db;
    private CdrStore cdrStore;
    private CdrRecorder cdrs;
    private final CdrStoreAlarm cdrAlarm = new CdrStoreAlarm();
    private Engine engine;
    private SimBoard board;
    private AnalogLines lines;
    private SpanWiring spans;
    private final SpanAlarmReporter spanAlarm = new SpanAlarmReporter();
    private CertificateWatch certificates;
    private CallEngine calls;
    private ManagementServer mgmt;
    private dev.lifeline.mgmt.web.WebConsole web;
    private SipWiring sip;
    private dev.lifeline.hal.gpio.Leds leds;
    private dev.lifeline.survival.Survivability survival;
    private UpstreamWiring upstream;
    private final Map<String, FxsLeg> legs = new LinkedHashMap<>();
    /** Hunt groups' circular positions; kept across config pushes. */
    private final dev.lifeline.call.HuntOrder huntOrder = new dev.lifeline.call.HuntOrder();
    private dev.lifeline.call.TrunkGroup trunks;
    private ConfigVersions configVersions;
    private volatile ControllerLink controller;
    private dev.lifeline.mgmt.controller.VersionedConfig versioned;
    private dev.lifeline.mgmt.cwmp.CwmpAgent cwmp;
    private volatile dev.lifeline.mgmt.firmware.Firmware firmware;
    private PortFaultAlarm portFaults;
    private volatile SiteConfig site;
    private volatile long configVersion;
    private volatile boolean closed;
    private MessageWaitingLines messageWaiting;

    private Gateway(GatewayOptions options) {
        this.options = options;
        this.site = options.site();
    }

    /** Checks everything, then starts; throws ConfigException for a bad config, IOException for a busy port. */
    public static Gateway start(GatewayOptions options) throws ConfigException, IOException {
        ToneZone zone = checkedZone(options);
        Dsp.ensureAvailable();
        Gateway g = new Gateway(options);
        try {
            g.startAll(zone);
        } catch (IOException | RuntimeException e) {
            g.close();
            throw e;
        }
        return g;
    }

    private static ToneZone checkedZone(GatewayOptions o) throws ConfigException {
        String name = o.site().effectiveToneZone(o.board());
        try {
            return ToneZone.forName(name);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(new ConfigError(o.siteSource(), "tone-zone", e.getMessage())));
        }
    }

    private void startAll(ToneZone fileZone) throws IOException {
        var clock = options.clock();
        Files.createDirectories(options.dataDir());
        db = Database.open(options.dataDir().resolve("lifeline.db"));
        dev.lifeline.store.FactoryReset.applyIfOrdered(options.dataDir(), db, "cwmp");
        configVersions = new ConfigVersions(db);
        StartupConfig chosen = StartupConfig.choose(configVersions, options.board(), options.site(), options.siteSource(),
                s -> usableZone(s) != null);
        SiteConfig site = chosen.site();
        this.site = site;
        this.configVersion = chosen.version();
        ToneZone zone = chosen.version() == 0 ? fileZone : usableZone(site);
        cdrStore = new CdrStore(db);
        cdrs = new CdrRecorder(cdrStore, dev.lifeline.store.CdrSpool.in(options.dataDir()), clock, cdrAlarm);
        engine = new Engine(clock);
        if (!"sim".equals(options.board().driver())) {
            throw new IOException("board driver '" + options.board().driver() + "' is not available in this build (only 'sim')");
        }
        Map<String, PortKind> kinds = new LinkedHashMap<>();
        for (PortDef p : options.board().ports()) kinds.put(p.id(), p.type() == PortType.FXS ? PortKind.FXS : PortKind.FXO);
        int simPort = options.simPort() != null ? options.simPort() : options.board().simListenPort();
        Map<String, List<Integer>> spanSlots = new LinkedHashMap<>();
        for (dev.lifeline.config.SpanDef sd : options.board().spans()) spanSlots.put(sd.id(), sd.bearers());
        board = new SimBoard(options.board().simListenHost(), simPort, kinds, spanSlots);

        // filled below; no call can start before the board does
        Directory directory = new Directory();
        calls = new CallEngine(clock, site.gatewayId(), directory, site.dialPlan()::normalize,
                site.analog().ringTimeoutMs(), cdrs, this::cdrMode);
        lines = new AnalogLines();
        var services = new dev.lifeline.call.LineServices(site.services(), new dev.lifeline.store.ServiceStates(db), clock,
                zone, engine::execute);
        services.applyPresetsAtStart();
        calls.setServices(services);
        var a = site.analog();
        var dp = site.dialPlan();
        FxsTimers timers = timers(site);
        CallerIdFormat cidFormat = CallerIdFormat.valueOf(a.callerIdFormat().toUpperCase(Locale.ROOT));
        dev.lifeline.media.MusicOnHold hold = musicOnHold(site.services());
        for (LinePort raw : board.ports()) {
            if (raw.kind() != PortKind.FXS) continue;
            LinePort port = lines.echoes().wrap(raw, echoTail(options.board(), raw.id()));
            LineConfig lc = site.lines().get(port.id());
            FxsChannel ch = new FxsChannel(port, zone, timers, dp.digitMap(), cidFormat, a.callerId());
            // which dial tone wins (docs/line-services.md): DND reminder (the line will not ring), then messages
            // waiting, then survival's stutter (staff hear they are on the backup path), else plain dial tone
            ch.dialToneFrom(() -> dnd(legs.get(port.id())) ? zone.reminderDial() : ch.messageWaiting() ? zone.messageWaitingDial()
                    : isNormalMode() ? zone.dial() : zone.stutterDial());
            autoDial(ch, site.services().of(lc.extension()));
            FxsLeg leg = new FxsLeg(ch, lc.extension(), lc.name(), calls, clock);
            leg.holdMusic(hold);
            ch.setListener(leg);
            lines.bind(port, ch);
            directory.add(lc.extension(), leg::legForOffer);
            legs.put(port.id(), leg);
        }
        try {
            sip = new SipWiring(site.sip(), site.upstream(), site.users(), options.sipPort(), db, clock, calls, engine);
        } catch (dev.lifeline.sip.SipStartException e) {
            throw new IOException(e.getMessage(), e);
        }
        sip.addUsers(directory, site.users());
        huntOrder.addTo(directory, site.huntGroups(), calls, engine::execute);
        messageWaiting = new MessageWaitingLines(new dev.lifeline.store.LineMwiStore(db), this::site, legs, engine, clock);
        messageWaiting.restore();
        sip.notifyTo(messageWaiting);
        trunks = FxoWiring.wire(board, options.board(), site, zone, lines, calls, clock);
        spans = SpanWiring.wire(board, options.board(), site, zone, lines, calls, engine, spanAlarm);
        lines.onEachTick(calls::tick);
        lines.onEachTick(now -> legs.values().forEach(l -> l.tick(now))); // waiting-call and recall timers
        spans.joinOutput(lines);
        portFaults = new PortFaultAlarm(calls, this::legOfPort, () -> controller == null ? null : controller.alarms());
        lines.onPortFault(portFaults);
        board.start(engine, lines, lines);
        try {
            sip.start();
        } catch (dev.lifeline.sip.SipStartException e) {
            throw new IOException(e.getMessage(), e);
        }
        leds = options.board().driver().equals("sim") ? dev.lifeline.hal.gpio.Pi4jLeds.forBoard(options.board())
                : dev.lifeline.hal.gpio.Leds.none();
        spanAlarm.setLeds(leds);
        survival = dev.lifeline.survival.Survivability.start(sip.host(), site.upstream(), site.survival(), engine, clock, leds);
        dev.lifeline.sip.upstream.HqHealth hqHealth = UpstreamWiring.health(site.upstream(), survival, clock);
        sip.forwardRegisters(site.upstream(), site.survival(), this::isNormalMode, hqHealth);
        upstream = UpstreamWiring.wire(site, this::site, sip, calls, engine, clock, survival, hqHealth);

        var m = site.management();
        int coapPort = options.coapPort() != null ? options.coapPort() : m.coapPort();
        GatewayStatus status = new GatewayStatus(this);
        var coapCerts = m.coapCert() == null ? null : dev.lifeline.mgmt.MgmtCertificates.load(m.coapCert());
        mgmt = new ManagementServer(m.coapHost(), coapPort, status, (source, user) -> sip.unblock(source, user),
                m.dtls() && m.coapPsk() ? dev.lifeline.mgmt.MgmtCredentials.loadOrCreate(options.dataDir()) : null, coapCerts);
        mgmt.start();
        Path run = options.dataDir().resolve("run");
        Files.createDirectories(run);
        // the CLI on the box pins this certificate (public; no key) when it asks with a client certificate
        Files.deleteIfExists(run.resolve("coap-cert.pem"));
        if (coapCerts != null) Files.copy(Path.of(m.coapCert().certFile()), run.resolve("coap-cert.pem"));
        Files.writeString(run.resolve("mgmt.uri"), mgmt.scheme() + "://" + mgmt.uriAuthority() + "\n");
        Files.deleteIfExists(run.resolve("http.uri")); // an earlier run's console is not this one's
        if (m.http() != null) {
            int httpPort = options.httpPort() != null ? options.httpPort() : m.http().port();
            web = dev.lifeline.mgmt.web.WebConsole.start(m.http(), httpPort, new ConsoleBackendImpl(this, status), clock);
            Files.writeString(run.resolve("http.uri"), web.uri() + "/\n");
        }
        Files.writeString(run.resolve("sim.addr"), board.listenHost() + ":" + board.listenPort() + "\n");
        certificates = new CertificateWatch(clock::now);
        certificates.check(site);
        engine.every(6 * 3_600_000L, () -> certificates.check(site()));
        GatewayControlImpl control = new GatewayControlImpl(this);
        versioned = new dev.lifeline.mgmt.controller.VersionedConfig(control, configVersions, configVersion, clock::now);
        firmware = dev.lifeline.mgmt.firmware.Firmware.start(control, clock, System.getenv());
        if (site.controller() != null) {
            cdrs.onStored(() -> { if (controller != null) controller.cdrWritten(); });
            controller = ControllerLink.start(control, cdrStore, versioned, clock);
            cdrAlarm.attach(controller.alarms());
            spanAlarm.attach(controller.alarms());
            certificates.attach(controller.alarms());
        }
        if (site.tr069() != null) cwmp = dev.lifeline.mgmt.cwmp.CwmpAgent.start(control, versioned, firmware, options.dataDir(), clock);
        if (site.controller() == null && site.tr069() == null) firmware.healthy("ready (no ACS or controller to reach)");
        Logger.info("gateway {} (site {}) ready in {} ms; zone {}; {}; SIP on {}:{}; config {}", site.gatewayId(), site.site(),
                System.currentTimeMillis() - startedAt, zone.name(), board.describe(), site.sip().listenHost(), sip.port(),
                chosen.version() == 0 ? chosen.source() : "v" + chosen.version() + " from the controller");
    }

    /** The zone a config asks for, or null if this build has no such zone. */
    private ToneZone usableZone(SiteConfig s) {
        try {
            return ToneZone.forName(s.effectiveToneZone(options.board()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** FXS timers of a site config (analog timing and the dial plan's digit timeouts). */
    static FxsTimers timers(SiteConfig s) {
        var a = s.analog();
        var dp = s.dialPlan();
        return new FxsTimers((int) a.flashMinMs(), (int) a.flashMaxMs(), (int) a.hangupMs(),
                (int) dp.firstDigitTimeoutMs(), (int) dp.interDigitTimeoutMs(), (int) a.offHookWarningMs(),
                FxsTimers.defaults().howlerMax());
    }

    /** The site config running now: the file's, a stored pushed one, or the last one applied live. */
    public SiteConfig site() { return site; }

    /** The running config version: 0 for the file, else the version the controller pushed. */
    public long configVersion() { return versioned != null ? versioned.running() : configVersion; }

    /** The TR-069 agent, or null when the site has no {@code tr069} section. */
    public dev.lifeline.mgmt.cwmp.CwmpAgent cwmp() { return cwmp; }

    /** Firmware upgrades (available when the supervisor started this gateway from an A/B slot). */
    public dev.lifeline.mgmt.firmware.Firmware firmware() { return firmware; }

    /** The controller link, or null when the site has no controller. */
    public ControllerLink controller() { return controller; }

    /** The analog lines (port health for the status view; tests inject a port fault by re-binding a port). */
    public AnalogLines lines() { return lines; }

    /** The local alarms: the {@code port-fault} alarm while a port is not OK. */
    public List<Map<String, Object>> localAlarms() {
        List<Map<String, Object>> out = new java.util.ArrayList<>(portFaults == null ? List.of() : portFaults.active());
        out.addAll(spanAlarm.active());
        if (certificates != null) out.addAll(certificates.active());
        return out;
    }

    /** Certificates the gateway relies on and their expiry (status). */
    List<Map<String, Object>> certificates() { return certificates == null ? List.of() : certificates.status(); }

    /** The PRI trunks (status, console); empty on a board without spans. */
    public List<dev.lifeline.call.PriTrunk> priTrunks() { return spans == null ? List.of() : spans.trunks(); }

    private dev.lifeline.call.Leg legOfPort(String portId) {
        FxsLeg leg = legs.get(portId);
        if (leg != null) return leg;
        return trunks == null ? null : trunks.port(portId).orElse(null);
    }

    /**
     * Applies a validated site config live and atomically (see {@link LiveConfig}); what needs a
     * restart is reported, not applied. Used by the controller's config push.
     */
    public dev.lifeline.mgmt.controller.GatewayControl.ApplyResult apply(SiteConfig next) {
        return LiveConfig.apply(this, next);
    }

    void swapSite(SiteConfig next) { this.site = next; }

    public GatewayOptions options() { return options; }
    public int simPort() { return board.listenPort(); }
    public int sipPort() { return sip.port(); }
    /** Registered SIP contacts of an extension (tests, status). */
    public int registeredContacts(String extension) { return sip.contacts(extension); }
    SipWiring sip() { return sip; }

    dev.lifeline.call.HuntOrder huntOrder() { return huntOrder; }
    /** Registrations as the management view shows them (extension, contact, expiresInSeconds, ...). */
    public java.util.List<java.util.Map<String, Object>> registrations() { return sip.registrations(); }
    public String coapUri() { return mgmt.scheme() + "://" + mgmt.uriAuthority(); }
    /** The web console's address ({@code http://host:port/}), or null when {@code management.http} is off. */
    public String httpUri() { return web == null ? null : web.uri() + "/"; }
    public String describeBoard() { return board.describe(); }
    public long uptimeSeconds() { return (System.currentTimeMillis() - startedAt) / 1000; }
    public Engine engine() { return engine; }
    CallEngine calls() { return calls; }
    CdrStore cdrStore() { return cdrStore; }
    /** Message waiting of the analog lines (SIP NOTIFY, controller command, status). */
    MessageWaitingLines messageWaiting() { return messageWaiting; }
    Map<String, FxsLeg> legs() { return legs; }
    /** The FXO ports of the trunk group (empty without trunks). */
    dev.lifeline.call.TrunkGroup trunks() { return trunks; }

    /** Calls in progress (a hairpin through HQ counts twice: out to HQ and back from it). */
    public int activeCalls() throws Exception { return engine.call(() -> calls.calls().size(), 2000); }

    /** Calls in progress that were answered (tests wait on it instead of sleeping through ringing). */
    public int answeredCalls() throws Exception {
        return engine.call(() -> (int) calls.calls().stream().filter(c -> c.answer() != null).count(), 2000);
    }

    /** DTMF digits received from SIP phones as RFC 4733 events (tests, diagnostics). */
    public long dtmfRelayedFromSip() { return calls.digitsFromSip(); }

    /** The survivability mode (NORMAL without upstream servers). */
    public dev.lifeline.survival.Mode mode() {
        return survival == null ? dev.lifeline.survival.Mode.NORMAL : survival.mode();
    }

    private boolean isNormalMode() { return mode() == dev.lifeline.survival.Mode.NORMAL; }

    /** What a CDR records: calls routed while HQ is unreachable or recovering ran in survival mode. */
    private String cdrMode() { return isNormalMode() ? "normal" : "survival"; }

    public dev.lifeline.survival.Survivability survivability() { return survival; }

    /** The FXS lines' registrations at HQ (line, aor, state, server, lastStatus, expiresInSeconds, ...). */
    /** SIP over TLS as status shows it (listener, certificate, each HQ server's last handshake), or null when off. */
    public Map<String, Object> sipTlsStatus() { return sip.tlsStatus(); }

    public List<Map<String, Object>> upstreamRegistrations() { return upstream == null ? List.of() : upstream.rows(); }

    /** Waits until every CDR of calls ended so far is committed; false if the store is failing (they are kept). */
    public boolean flushCdrs() { return cdrs == null || cdrs.flush(); }

    /** The CDR writer's state for status: committed, or failing with CDRs kept (see docs/operations.md). */
    public Map<String, Object> cdrStoreState() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (cdrs == null) return m;
        var s = cdrs.state();
        m.put("state", s.failing() ? "failing" : "ok");
        m.put("waiting", s.inMemory());
        m.put("spoolOnly", s.overflow());
        m.put("lost", s.lost());
        m.put("spool", s.spoolFile());
        if (s.failing()) {
            m.put("alarm", dev.lifeline.mgmt.controller.Alarms.CDR_STORE_FAILING);
            m.put("text", cdrAlarm.text());
        }
        return m;
    }

    /** Ends calls (writing their CDRs), stops the ports and the API, and closes the store. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        Logger.info("gateway stopping");
        if (controller != null) controller.close(); // offline status out first; unsent CDRs stay in the journal
        if (cwmp != null) cwmp.close();
        if (engine != null && calls != null) {
            try {
                engine.call(() -> {
                    calls.endAll(Q850.TEMPORARY_FAILURE);
                    return null;
                }, 2000);
            } catch (Exception e) {
                Logger.warn("ending calls at shutdown: {}", e.getMessage());
            }
        }
        if (web != null) web.close();
        if (mgmt != null) mgmt.close();
        if (upstream != null) upstream.close();
        if (survival != null) survival.close();
        if (leds != null) leds.close();
        if (board != null) board.close();
        if (sip != null) sip.close();
        if (engine != null) engine.close();
        if (lines != null) lines.close();
        if (cdrs != null) cdrs.close();
        if (db != null) db.close();
        Logger.info("gateway stopped");
    }

    /** The board profile's echo tail for a port (0 = no canceller). */
    static int echoTail(dev.lifeline.config.BoardProfile board, String portId) {
        return board.port(portId).map(dev.lifeline.config.PortDef::echoTailMs).orElse(0);
    }

    private boolean dnd(FxsLeg leg) {
        var s = calls.services();
        return leg != null && s != null && s.state(leg.number()).dnd();
    }

    /**
     * What held parties hear: the site's {@code services.music-on-hold} WAV (8 kHz mono 16-bit),
     * or the comfort tone. A file that cannot be used is logged and the comfort tone plays: a
     * wrong recording must not keep the gateway from starting.
     */
    static dev.lifeline.media.MusicOnHold musicOnHold(dev.lifeline.config.ServicesConfig s) {
        if (s.musicOnHold() == null) return dev.lifeline.media.MusicOnHold.comfortTone();
        try {
            var m = dev.lifeline.media.MusicOnHold.recording(dev.lifeline.media.WavPcm.read(Path.of(s.musicOnHold())));
            Logger.info("music on hold: {}", s.musicOnHold());
            return m;
        } catch (IOException | RuntimeException e) {
            Logger.error("music on hold {}: {}; held parties hear the comfort tone", s.musicOnHold(), e.getMessage());
            return dev.lifeline.media.MusicOnHold.comfortTone();
        }
    }

    /** A line's hotline or warm line from the site's services (none: off). */
    static void autoDial(FxsChannel ch, dev.lifeline.config.ServicesConfig.ExtensionServices es) {
        if (es.hotline() != null) ch.autoDial(es.hotline(), 0);
        else if (es.warmline() != null) ch.autoDial(es.warmline(), es.warmlineMs());
        else ch.autoDial(null, 0);
    }
}
