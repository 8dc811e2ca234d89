package dev.lifeline.call;

import java.util.List;
import java.util.Optional;

/**
 * The FXO ports of one trunk to the local exchange, hunted in configured order: the first idle
 * port takes an outgoing call. No idle port means Q.850 cause 34 (no circuit available).
 */
public final class TrunkGroup {
    private final List<FxoLeg> ports;

    public TrunkGroup(List<FxoLeg> ports) { this.ports = List.copyOf(ports); }

    public List<FxoLeg> ports() { return ports; }

    public boolean isEmpty() { return ports.isEmpty(); }

    /** The first available port, or empty when all are busy (or unplugged). */
    public Optional<FxoLeg> firstIdle() { return ports.stream().filter(Leg::available).findFirst(); }

    /** One named port, e.g. for a {@code fxo:fxo2} route. */
    public Optional<FxoLeg> port(String portId) {
        return ports.stream().filter(p -> p.line().id().equals(portId)).findFirst();
    }
}
