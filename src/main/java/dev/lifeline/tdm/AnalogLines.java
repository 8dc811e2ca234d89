package dev.lifeline.tdm;

import dev.lifeline.hal.Board;
import dev.lifeline.hal.LineEvent;
import dev.lifeline.hal.LineListener;
import dev.lifeline.hal.LinePort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds one signalling module to each analog port and runs the 20 ms media tick in three
 * passes: every line's input first, then timers, then every line's output — so audio crosses
 * the gateway within the same tick it arrived in.
 */
public final class AnalogLines implements LineListener, Board.TickHandler {
    private record Bound(LinePort port, LineChannel channel) {}

    private final Map<String, Bound> lines = new LinkedHashMap<>();
    private final List<Board.TickHandler> tickListeners = new ArrayList<>();

    /** Binds a port's signalling module (FXS or FXO); it joins every pass of the tick. */
    public void bind(LinePort port, LineChannel channel) { lines.put(port.id(), new Bound(port, channel)); }

    /** Something else that must run once per tick, after line input (the call layer's timers). */
    public void onEachTick(Board.TickHandler h) { tickListeners.add(h); }

    @Override
    public void onLineEvent(LinePort port, LineEvent event, long atMillis, String detail) {
        Bound b = lines.get(port.id());
        if (b != null) b.channel().onLineEvent(event, atMillis);
    }

    @Override
    public void onTick(long now) {
        for (Bound b : lines.values()) b.channel().audioIn(b.port().readFrame(), now);
        for (Bound b : lines.values()) b.channel().timers(now);
        for (Board.TickHandler h : tickListeners) h.onTick(now);
        for (Bound b : lines.values()) b.channel().audioOut();
    }

    public void close() { lines.values().forEach(b -> b.channel().close()); }
}
