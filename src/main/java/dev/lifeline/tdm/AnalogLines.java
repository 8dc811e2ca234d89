package dev.lifeline.tdm;

import dev.lifeline.hal.Board;
import dev.lifeline.hal.LineEvent;
import dev.lifeline.hal.LineListener;
import dev.lifeline.hal.LinePort;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinylog.Logger;

/**
 * Binds one signalling module to each analog port and runs the 20 ms media tick in three
 * passes: every line's input first, then timers, then every line's output — so audio crosses
 * the gateway within the same tick it arrived in.
 *
 * <p>Each line's work in each pass (and each line event) is guarded on its own, as sig_analog and
 * FreeTDM isolate channels: a port whose code throws is reset to its safe state, skips the rest
 * of that tick (its line hears silence), is reported to the {@link PortFaultListener}s (which
 * clear its call and raise the alarm) and, faulting again and again, is taken out of service
 * ({@link PortFaults}). Every other port runs all its passes in the same tick. A
 * {@link VirtualMachineError} (out of memory, stack overflow) is not a port's fault: it
 * propagates.
 */
public final class AnalogLines implements LineListener, Board.TickHandler {
    private record Bound(LinePort port, LineChannel channel) {}

    private static final short[] SILENCE = new short[LinePort.FRAME_SAMPLES];

    private final Map<String, Bound> lines = new LinkedHashMap<>();
    private final List<Board.TickHandler> tickListeners = new ArrayList<>();
    private final List<PortFaultListener> faultListeners = new ArrayList<>();
    private final PortFaults faults;
    private final Set<String> faultedThisTick = new HashSet<>();
    private final LineEchoes echoes = new LineEchoes();

    public AnalogLines() { this(new PortFaults()); }

    public AnalogLines(PortFaults faults) { this.faults = faults; }

    /**
     * Binds a port's signalling module (FXS or FXO); it joins every pass of the tick. Binding a
     * port again replaces its module in place (tests wrap a module to inject a fault).
     */
    public void bind(LinePort port, LineChannel channel) { lines.put(port.id(), new Bound(port, channel)); }

    /**
     * Test seam (fault injection, used only by PortFaultE2ETest): replaces a port's module with
     * {@code wrap} of it, keeping its place in the passes. Call on the engine thread.
     */
    public void wrapChannel(String portId, java.util.function.UnaryOperator<LineChannel> wrap) {
        Bound b = lines.get(portId);
        if (b != null) lines.put(portId, new Bound(b.port(), wrap.apply(b.channel())));
    }

    /** The module bound to a port, or null. */
    public LineChannel channel(String portId) {
        Bound b = lines.get(portId);
        return b == null ? null : b.channel();
    }

    /** Something else that must run once per tick, after line input (the call layer's timers). */
    public void onEachTick(Board.TickHandler h) { tickListeners.add(h); }

    /** Who hears about port faults (call clearing, the alarm). */
    public void onPortFault(PortFaultListener l) { faultListeners.add(l); }

    /** A port's fault health (status view). */
    public PortHealth health(String portId) { return faults.health(portId); }

    /** Operator action: puts a faulted or out-of-service port back in service now. */
    public void returnToService(String portId, long now) {
        PortHealth h = faults.returnToService(portId, now);
        if (h == null) return;
        Bound b = lines.get(portId);
        if (b != null) backInService(b, now);
        Logger.info("{}: returned to service by the operator", portId);
        tell(h, false);
    }

    @Override
    public void onLineEvent(LinePort port, LineEvent event, long atMillis, String detail) {
        Bound b = lines.get(port.id());
        if (b == null) return;
        if (faults.inService(port.id())) {
            guard(b, "line event " + event, atMillis, () -> b.channel().onLineEvent(event, atMillis));
            return;
        }
        try { // out of service: still follow the hook, so the port comes back knowing whether it is off hook
            b.channel().onLineEvent(event, atMillis);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            Logger.warn("{}: out of service; line event {} failed: {}", port.id(), event, t.toString());
        }
    }

    /** A port coming back into service starts clean: reset, then offered calls again. */
    private void backInService(Bound b, long now) {
        try {
            b.channel().resetAfterFault("back in service", now);
        } catch (RuntimeException e) {
            Logger.warn("{}: reset on return to service failed: {}", b.port().id(), e.toString());
        }
        b.channel().setInService(true);
    }

    @Override
    public void onTick(long now) {
        faultedThisTick.clear();
        for (Bound b : lines.values()) {
            short[] frame = b.port().readFrame(); // an out-of-service port's audio is still drained
            guard(b, "audio in", now, () -> b.channel().audioIn(frame, now));
        }
        for (Bound b : lines.values()) guard(b, "timers", now, () -> b.channel().timers(now));
        for (Board.TickHandler h : tickListeners) {
            try {
                h.onTick(now); // the call layer guards each call itself; this is the last line of defence
            } catch (RuntimeException e) {
                Logger.error(e, "tick listener failed");
            }
        }
        for (Bound b : lines.values()) {
            if (!guard(b, "audio out", now, () -> b.channel().audioOut())) b.port().writeFrame(SILENCE);
        }
        for (PortHealth h : faults.tick(now)) {
            Bound b = lines.get(h.portId());
            if (h.inService() && h.state() == PortHealth.State.FAULTED && b != null) backInService(b, now);
            Logger.info("{}", h.describe());
            tell(h, false);
        }
    }

    /** Runs one port's work unless the port is out of service or already faulted this tick; false if it did not run. */
    private boolean guard(Bound b, String pass, long now, Runnable work) {
        String id = b.port().id();
        if (!faults.inService(id) || faultedThisTick.contains(id)) return false;
        try {
            work.run();
            return true;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            faultedThisTick.add(id);
            isolate(b, pass, t, now);
            return false;
        }
    }

    private void isolate(Bound b, String pass, Throwable t, long now) {
        String id = b.port().id();
        Logger.error(t, "{}: fault in {}; resetting the port", id, pass);
        boolean resetFailed = false;
        try {
            b.channel().resetAfterFault("port fault in " + pass, now);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable r) {
            Logger.error(r, "{}: reset after the fault failed too; taking the port out of service", id);
            resetFailed = true;
        }
        PortHealth h = faults.fault(id, pass + ": " + t, resetFailed, now);
        if (!h.inService()) {
            try {
                b.channel().setInService(false);
            } catch (RuntimeException e) {
                Logger.error(e, "{}: could not mark the channel out of service", id);
            }
        }
        Logger.warn("{}", h.describe());
        tell(h, true);
    }

    private void tell(PortHealth h, boolean fault) {
        for (PortFaultListener l : faultListeners) {
            try {
                if (fault) l.portFaulted(h);
                else l.portHealthChanged(h);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable t) {
                Logger.error(t, "{}: port fault listener failed", h.portId());
            }
        }
    }

    public void close() {
        lines.values().forEach(b -> b.channel().close());
        echoes.close();
    }

    /**
     * Every channel's echo control: ports are wrapped here before their signalling module gets
     * them ({@link LineEchoes#wrap}), E1 bearers take theirs from it, and fax handling switches
     * a channel to data mode through it.
     */
    public LineEchoes echoes() { return echoes; }
}
