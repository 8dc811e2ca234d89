package dev.lifeline.tdm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fault bookkeeping of every port (sig_analog / FreeTDM style): a port that faults is reset
 * and stays FAULTED until it has run a quiet window with no fault; {@link #maxFaults} faults
 * within {@link #windowMs} take it OUT_OF_SERVICE; after {@link #holdDownMs} it is tried again
 * (FAULTED, fault history cleared), or an operator returns it at once. Engine thread only.
 */
public final class PortFaults {
    /** Defaults: 3 faults in 60 s take a port out of service; retried after 5 minutes. */
    public static final int MAX_FAULTS = 3;
    public static final long WINDOW_MS = 60_000;
    public static final long HOLD_DOWN_MS = 300_000;

    private final int maxFaults;
    private final long windowMs;
    private final long holdDownMs;
    private final Map<String, Port> ports = new LinkedHashMap<>();

    private static final class Port {
        final Deque<Long> recent = new ArrayDeque<>();
        PortHealth.State state = PortHealth.State.OK;
        String lastFault;
        long lastFaultAt;
        long since;
    }

    public PortFaults() { this(MAX_FAULTS, WINDOW_MS, HOLD_DOWN_MS); }

    public PortFaults(int maxFaults, long windowMs, long holdDownMs) {
        this.maxFaults = maxFaults;
        this.windowMs = windowMs;
        this.holdDownMs = holdDownMs;
    }

    /** Records a fault; {@code fatal} (the reset itself failed) takes the port out of service at once. */
    public PortHealth fault(String portId, String what, boolean fatal, long now) {
        Port p = ports.computeIfAbsent(portId, k -> new Port());
        while (!p.recent.isEmpty() && now - p.recent.peekFirst() >= windowMs) p.recent.removeFirst();
        p.recent.addLast(now);
        p.lastFault = what;
        p.lastFaultAt = now;
        PortHealth.State to = fatal || p.recent.size() >= maxFaults ? PortHealth.State.OUT_OF_SERVICE : PortHealth.State.FAULTED;
        if (to != p.state) p.since = now;
        p.state = to;
        return health(portId);
    }

    /** Returns an out-of-service or faulted port to service now (operator action); null if it was OK. */
    public PortHealth returnToService(String portId, long now) {
        Port p = ports.get(portId);
        if (p == null || p.state == PortHealth.State.OK) return null;
        p.recent.clear();
        p.state = PortHealth.State.OK;
        p.lastFault = null;
        p.since = now;
        return health(portId);
    }

    /** Advances time: hold-downs that ended and quiet windows that passed. Returns what changed. */
    public List<PortHealth> tick(long now) {
        List<PortHealth> changed = null;
        for (var e : ports.entrySet()) {
            Port p = e.getValue();
            boolean change = false;
            if (p.state == PortHealth.State.OUT_OF_SERVICE && now - p.since >= holdDownMs) {
                p.state = PortHealth.State.FAULTED; // on trial: one more window without fault clears it
                p.recent.clear();
                p.since = now;
                p.lastFaultAt = now;
                change = true;
            } else if (p.state == PortHealth.State.FAULTED && now - p.lastFaultAt >= windowMs) {
                p.state = PortHealth.State.OK;
                p.recent.clear();
                p.lastFault = null;
                p.since = now;
                change = true;
            }
            if (change) {
                if (changed == null) changed = new ArrayList<>();
                changed.add(health(e.getKey()));
            }
        }
        return changed == null ? List.of() : changed;
    }

    public boolean inService(String portId) {
        Port p = ports.get(portId);
        return p == null || p.state != PortHealth.State.OUT_OF_SERVICE;
    }

    /** The port's health (OK for a port that never faulted). */
    public PortHealth health(String portId) {
        Port p = ports.get(portId);
        if (p == null) return new PortHealth(portId, PortHealth.State.OK, 0, null, 0);
        return new PortHealth(portId, p.state, p.recent.size(), p.lastFault, p.since);
    }
}
