package dev.lifeline.app;

import dev.lifeline.call.CallEngine;
import dev.lifeline.call.FxoLeg;
import dev.lifeline.call.PstnRoute;
import dev.lifeline.call.TrunkGroup;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.config.TrunksConfig;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.hal.Board;
import dev.lifeline.hal.LinePort;
import dev.lifeline.hal.PortKind;
import dev.lifeline.tdm.AnalogLines;
import dev.lifeline.tdm.FxoChannel;
import dev.lifeline.tdm.FxoSettings;
import dev.lifeline.util.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The PSTN side of the gateway: one {@link FxoChannel} and {@link FxoLeg} per FXO port of the
 * site's trunk group, joined to the analog tick, and the {@link PstnRoute} the call engine
 * consults. Kept apart from {@link Gateway} so the wiring of each side stays small.
 */
final class FxoWiring {
    private FxoWiring() {}

    /** Wires the trunk's ports; returns the group (empty without an FXO trunk) for live reconfiguration. */
    static TrunkGroup wire(Board board, dev.lifeline.config.BoardProfile profile, SiteConfig site, ToneZone zone, AnalogLines lines,
                           CallEngine calls, Clock clock) {
        TrunksConfig.FxoTrunk trunk = site.trunks().fxo();
        FxoSettings settings = FxoSettings.forZone(zone, trunk.polarityDisconnect());
        List<FxoLeg> legs = new ArrayList<>();
        for (String id : trunk.ports()) {
            LinePort raw = board.port(id).filter(p -> p.kind() == PortKind.FXO).orElse(null);
            if (raw == null) continue;
            LinePort port = lines.echoes().wrap(raw, Gateway.echoTail(profile, id));
            FxoChannel ch = new FxoChannel(port, zone, settings);
            FxoLeg leg = new FxoLeg(ch, trunk.number(), trunk.ring(), calls, clock);
            ch.setListener(leg);
            lines.bind(port, ch);
            legs.add(leg);
        }
        TrunkGroup group = new TrunkGroup(legs);
        calls.setPstnRoute(new PstnRoute(group, trunk.outsidePrefix(), site.emergency(), site.dialPlan().routes()));
        return group;
    }
}
