package dev.lifeline.app;

import dev.lifeline.call.CallEngine;
import dev.lifeline.call.Leg;
import dev.lifeline.mgmt.controller.Alarms;
import dev.lifeline.tdm.PortFaultListener;
import dev.lifeline.tdm.PortHealth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the gateway does when a port's code faults: clears that port's call (cause 41, CDR
 * written, other party released) and keeps the {@code port-fault} alarm true — raised naming
 * every port not OK (major when one is out of service, minor when all were only reset), cleared
 * when the last one is OK again. The alarm goes to the controller link when there is one and is
 * always in the local status. Engine thread for the callbacks; {@link #active()} from any thread.
 */
final class PortFaultAlarm implements PortFaultListener {
    static final String ID = "port-fault";

    private final CallEngine calls;
    private final Function<String, Leg> legOf;
    private final Supplier<Alarms> alarms;
    private final Map<String, PortHealth> notOk = new LinkedHashMap<>();

    /** @param legOf the call leg of a port id (null if none); @param alarms the controller's alarms, or null without a controller */
    PortFaultAlarm(CallEngine calls, Function<String, Leg> legOf, Supplier<Alarms> alarms) {
        this.calls = calls;
        this.legOf = legOf;
        this.alarms = alarms;
    }

    @Override
    public void portFaulted(PortHealth health) {
        Leg leg = legOf.apply(health.portId());
        if (leg instanceof dev.lifeline.call.FxsLeg line) line.portFailed(); // every call of the line
        else if (leg != null) calls.portFailed(leg);
        update(health);
    }

    @Override
    public void portHealthChanged(PortHealth health) { update(health); }

    private void update(PortHealth h) {
        String text;
        boolean major;
        synchronized (this) {
            if (h.state() == PortHealth.State.OK) notOk.remove(h.portId());
            else notOk.put(h.portId(), h);
            text = notOk.values().stream().map(PortHealth::describe).reduce((a, b) -> a + "; " + b).orElse(null);
            major = notOk.values().stream().anyMatch(p -> !p.inService());
        }
        Alarms a = alarms.get();
        if (a == null) return;
        if (text == null) a.clear(ID, h.portId() + " ok again");
        else a.raise(ID, major ? Alarms.Severity.MAJOR : Alarms.Severity.MINOR, text);
    }

    /** The alarm as the local status shows it: empty, or one {@code {id, severity, text}}. */
    synchronized List<Map<String, Object>> active() {
        List<Map<String, Object>> out = new ArrayList<>();
        if (notOk.isEmpty()) return out;
        Map<String, Object> m = LocalAlarm.of(ID, notOk.values().stream().anyMatch(p -> !p.inService()) ? "major" : "minor",
                notOk.values().stream().map(PortHealth::describe).reduce((a, b) -> a + "; " + b).orElse(""));
        out.add(m);
        return out;
    }
}
