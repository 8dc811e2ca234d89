package dev.lifeline.app;

import dev.lifeline.call.Directory;
import dev.lifeline.call.FxoLeg;
import dev.lifeline.call.FxsLeg;
import dev.lifeline.call.PstnRoute;
import dev.lifeline.call.TrunkGroup;
import dev.lifeline.config.AnalogConfig;
import dev.lifeline.config.ConfigError;
import dev.lifeline.config.DigitMap;
import dev.lifeline.config.LineConfig;
import dev.lifeline.config.SipConfig;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.mgmt.controller.GatewayControl.ApplyResult;
import dev.lifeline.tdm.FxsTimers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tinylog.Logger;

/**
 * Applies a pushed site config to the running gateway, on the engine thread, in two steps:
 * everything new is built first (directory, digit maps, timers, PSTN route) and only then swapped
 * in, so a failure while building changes nothing. Calls in progress keep their legs; the change
 * takes effect for new calls, new digits and new registrations.
 *
 * <p>What is live: FXS extensions and names, SIP users, passwords and realm, hunt groups (new
 * calls to a pilot use the new group; a hunt in progress finishes with the old), the dial plan
 * (digit map, timeouts, normalize rules, routes), emergency numbers, the FXO trunk's outside
 * prefix, number and ring list, and analog hook/warning timers. Everything else (listen addresses
 * and ports, tone zone, registrar limits, upstream, survival, storage, controller, ring timeout,
 * caller-ID settings, which FXO ports form the trunk) is stored with the config and reported in
 * {@code restartRequired}.
 */
final class LiveConfig {
    private static final long APPLY_TIMEOUT_MS = 5_000;

    private LiveConfig() {}

    static ApplyResult apply(Gateway gw, SiteConfig next) {
        try {
            return gw.engine().call(() -> applyOnEngine(gw, next), APPLY_TIMEOUT_MS);
        } catch (Exception e) {
            Logger.error(e, "config apply failed");
            return new ApplyResult(List.of(new ConfigError("apply", "", "could not apply: " + e)), List.of());
        }
    }

    private static ApplyResult applyOnEngine(Gateway gw, SiteConfig next) {
        SiteConfig old = gw.site();
        List<String> restart = restartRequired(old, next);
        // 1. build
        Directory directory = new Directory();
        Map<FxsLeg, LineConfig> lines = new LinkedHashMap<>();
        List<ConfigError> problems = new ArrayList<>();
        TrunkGroup trunks = gw.trunks();
        PstnRoute route;
        try {
            for (Map.Entry<String, FxsLeg> e : gw.legs().entrySet()) {
                LineConfig lc = next.lines().get(e.getKey());
                if (lc == null) {
                    problems.add(new ConfigError("apply", "lines." + e.getKey(), "FXS port " + e.getKey() + " has no line"));
                    continue;
                }
                FxsLeg leg = e.getValue();
                directory.add(lc.extension(), leg::legForOffer);
                lines.put(leg, lc);
            }
            gw.sip().addUsers(directory, next.users());
            gw.huntOrder().addTo(directory, next.huntGroups(), gw.calls(), gw.engine()::execute);
            var fxo = next.trunks().fxo();
            route = new PstnRoute(trunks == null ? new TrunkGroup(List.of()) : trunks, fxo.outsidePrefix(), next.emergency(),
                    next.dialPlan().routes());
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigError("apply", "", e.getMessage()));
            route = null;
        }
        DigitMap digitMap = next.dialPlan().digitMap();
        FxsTimers timers = Gateway.timers(next);
        if (digitMap == null) problems.add(new ConfigError("apply", "dial-plan.digit-map", "no digit map"));
        if (!problems.isEmpty()) return new ApplyResult(problems, List.of());
        // 2. swap: nothing below can fail on a config that got this far
        int renumbered = 0;
        for (Map.Entry<FxsLeg, LineConfig> e : lines.entrySet()) {
            FxsLeg leg = e.getKey();
            LineConfig lc = e.getValue();
            if (!leg.number().equals(lc.extension())) {
                Logger.info("{}: extension {} -> {}", leg.id(), leg.number(), lc.extension());
                renumbered++;
            }
            leg.renumber(lc.extension(), lc.name());
            leg.line().setDialling(digitMap, timers);
            Gateway.autoDial(leg.line(), next.services().of(lc.extension()));
            if (!java.util.Objects.equals(old.services().musicOnHold(), next.services().musicOnHold())) {
                leg.holdMusic(Gateway.musicOnHold(next.services()));
            }
        }
        gw.calls().reconfigure(directory, next.dialPlan()::normalize);
        if (gw.calls().services() != null) gw.calls().services().reconfigure(next.services());
        gw.calls().setPstnRoute(route);
        gw.calls().router().setRoutes(next.dialPlan().routes());
        if (trunks != null) {
            for (FxoLeg leg : trunks.ports()) leg.retarget(next.trunks().fxo().number(), next.trunks().fxo().ring());
        }
        for (dev.lifeline.call.PriTrunk t : gw.priTrunks()) next.trunks().pri(t.spanId()).ifPresent(t::reconfigure);
        gw.sip().updateUsers(next.users(), next.sip().realm());
        gw.swapSite(next);
        Logger.info("config applied live: {} line(s) renumbered, {} SIP user(s){}", renumbered, next.users().size(),
                restart.isEmpty() ? "" : "; restart needed for " + String.join(", ", restart));
        return new ApplyResult(List.of(), restart);
    }

    /** Dotted paths of settings that differ and only take effect after a restart. */
    static List<String> restartRequired(SiteConfig a, SiteConfig b) {
        List<String> out = new ArrayList<>();
        diff(out, "tone-zone", a.toneZone(), b.toneZone());
        SipConfig s = a.sip(), t = b.sip();
        diff(out, "sip.listen-host", s.listenHost(), t.listenHost());
        diff(out, "sip.udp-port", s.udpPort(), t.udpPort());
        diff(out, "sip.tcp-port", s.tcpPort(), t.tcpPort());
        diff(out, "sip.min-expires", s.minExpires(), t.minExpires());
        diff(out, "sip.max-expires", s.maxExpires(), t.maxExpires());
        diff(out, "sip.default-expires", s.defaultExpires(), t.defaultExpires());
        diff(out, "sip.auth-failures", s.authFailures(), t.authFailures());
        diff(out, "sip.auth-window", s.authWindowMs(), t.authWindowMs());
        diff(out, "sip.auth-block", s.authBlockMs(), t.authBlockMs());
        diff(out, "sip.digest-algorithms", s.digestAlgorithms(), t.digestAlgorithms());
        diff(out, "sip.srtp", s.srtp(), t.srtp()); // SipWiring reads the site policy once
        for (String port : b.lines().keySet()) { // line registrations at HQ are made at start (UpstreamWiring)
            var was = a.lines().get(port);
            diff(out, "lines." + port + ".upstream", was == null ? null : was.upstream(), b.lines().get(port).upstream());
        }
        AnalogConfig x = a.analog(), y = b.analog();
        diff(out, "analog.ring-timeout", x.ringTimeoutMs(), y.ringTimeoutMs());
        diff(out, "analog.caller-id", x.callerId(), y.callerId());
        diff(out, "analog.caller-id-format", x.callerIdFormat(), y.callerIdFormat());
        diff(out, "management.coap-host", a.management().coapHost(), b.management().coapHost());
        diff(out, "management.coap-port", a.management().coapPort(), b.management().coapPort());
        diff(out, "management.coap-dtls", a.management().coapDtls(), b.management().coapDtls());
        diff(out, "management.coap-psk", a.management().coapPsk(), b.management().coapPsk());
        diff(out, "management.coap-cert-file/key-file/client-ca/client-roles", a.management().coapCert(), b.management().coapCert());
        diff(out, "management.http", a.management().http(), b.management().http());
        diff(out, "trunks.fxo.ports", a.trunks().fxo().ports(), b.trunks().fxo().ports());
        diff(out, "trunks.fxo.polarity-disconnect", a.trunks().fxo().polarityDisconnect(), b.trunks().fxo().polarityDisconnect());
        diff(out, "trunks.pri", a.trunks().pri().stream().map(p -> p.span()).toList(),
                b.trunks().pri().stream().map(p -> p.span()).toList());
        diff(out, "upstream", a.upstream(), b.upstream());
        diff(out, "survival", a.survival(), b.survival());
        diff(out, "storage.cdr-retain-days", a.storage().cdrRetainDays(), b.storage().cdrRetainDays());
        diff(out, "storage.cdr-journal-limit", a.storage().cdrJournalLimit(), b.storage().cdrJournalLimit());
        var r = a.tr069();
        var q = b.tr069();
        if (r == null || q == null) diff(out, "tr069", r == null, q == null); // the agent starts with the gateway
        else diff(out, "tr069.connection-request", r.connectionRequest(), q.connectionRequest()); // its server's socket
        var c = a.controller();
        var d = b.controller();
        if (c == null || d == null) {
            diff(out, "controller", c == null, d == null);
        } else {
            diff(out, "controller.url", c.url(), d.url());
            diff(out, "controller.username", c.username(), d.username());
            diff(out, "controller.password", c.password(), d.password());
            diff(out, "controller.ca-file", c.caFile(), d.caFile());
            diff(out, "controller.keepalive", c.keepaliveMs(), d.keepaliveMs());
            diff(out, "controller.cdr-batch", c.cdrBatch(), d.cdrBatch());
            diff(out, "controller.reconnect-max", c.reconnectMaxMs(), d.reconnectMaxMs());
        }
        return out;
    }

    private static void diff(List<String> out, String path, Object a, Object b) {
        if (!Objects.equals(a, b)) out.add(path);
    }
}
