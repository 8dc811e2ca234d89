package dev.lifeline.app;

import dev.lifeline.call.FxoLeg;
import dev.lifeline.call.FxsLeg;
import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.PortDef;
import dev.lifeline.config.PortType;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.mgmt.controller.GatewayControl;
import dev.lifeline.survival.Mode;
import dev.lifeline.survival.ModeListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The gateway as the controller link sees it (kept out of {@link Gateway}'s public API). */
final class GatewayControlImpl implements GatewayControl {
    private static final long SNAPSHOT_TIMEOUT_MS = 2_000;
    private final Gateway gw;

    GatewayControlImpl(Gateway gw) { this.gw = gw; }

    @Override public SiteConfig running() { return gw.site(); }
    @Override public BoardProfile board() { return gw.options().board(); }
    @Override public String software() { return Version.get(); }
    @Override public long uptimeSeconds() { return gw.uptimeSeconds(); }
    @Override public ApplyResult apply(SiteConfig next) { return gw.apply(next); }
    @Override public void flushCdrs() { gw.flushCdrs(); }
    @Override public dev.lifeline.mgmt.firmware.Firmware firmware() { return gw.firmware(); }
    @Override public int registeredContacts(String extension) { return gw.registeredContacts(extension); }

    @Override public List<java.util.Map<String, Object>> upstreamRegistrations() { return gw.upstreamRegistrations(); }

    @Override
    public boolean messageWaiting(String extension, boolean waiting, int newMessages, int oldMessages) {
        return gw.messageWaiting().set(extension, waiting, newMessages, oldMessages, "controller command");
    }
    @Override public void exit(int status) { gw.options().exit().accept(status); }
    @Override public void addModeListener(ModeListener listener) { gw.survivability().addListener(listener); }

    @Override
    public Snapshot snapshot() throws Exception {
        return gw.engine().call(() -> {
            List<PortState> ports = new ArrayList<>();
            for (PortDef p : gw.options().board().ports()) ports.add(port(p));
            return new Snapshot(gw.mode(), gw.sip().bindings(), gw.calls().calls().size(), ports);
        }, SNAPSHOT_TIMEOUT_MS);
    }

    private PortState port(PortDef p) {
        String type = p.type().name().toLowerCase(Locale.ROOT);
        if (p.type() == PortType.FXS) {
            FxsLeg leg = gw.legs().get(p.id());
            if (leg == null) return new PortState(p.id(), type, null, "not in service", null);
            return new PortState(p.id(), type, leg.number(), state(leg.line().state()), leg.line().deviceConnected());
        }
        FxoLeg fxo = gw.trunks() == null ? null : gw.trunks().port(p.id()).orElse(null);
        if (fxo == null) return new PortState(p.id(), type, null, "not in service", null);
        return new PortState(p.id(), type, null, state(fxo.line().state()), fxo.line().deviceConnected());
    }

    private static String state(Enum<?> e) { return e.name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    @Override
    public void forceMode(String mode) {
        var s = gw.survivability();
        switch (mode) {
            case "survival" -> s.force(Mode.SURVIVAL, "controller");
            case "normal" -> s.force(Mode.NORMAL, "controller");
            case "auto" -> s.release();
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    @Override
    public List<dev.lifeline.store.Cdr> recentCdrs(int limit) {
        try {
            return gw.cdrStore().recent(limit);
        } catch (Exception e) {
            org.tinylog.Logger.warn("call log: the CDR journal could not be read: {}", e.getMessage());
            return List.of();
        }
    }
}
