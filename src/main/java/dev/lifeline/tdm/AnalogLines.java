package dev.lifeline.tdm;

import dev.lifeline.hal.Board;
import dev.lifeline.hal.LineEvent;
import dev.lifeline.hal.LineListener;
import dev.lifeline.hal.LinePort;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds one signalling module to each analog port and runs the 20 ms media tick in three
 * passes: every line's input first, then timers, then every line's output — so audio crosses
 * the gateway within the same tick it arrived in.
 */
public final class AnalogLines implements LineListener, Board.TickHandler {
    private final Map<String, FxsChannel> fxs = new LinkedHashMap<>();
    private final Map<String, FxoChannel> fxo = new LinkedHashMap<>();
    private final List<Board.TickHandler> tickListeners = new ArrayList<>();

    public void add(FxsChannel channel) { fxs.put(channel.id(), channel); }

    public List<FxsChannel> fxsChannels() { return Collections.unmodifiableList(new ArrayList<>(fxs.values())); }

    public FxsChannel fxs(String portId) { return fxs.get(portId); }

    /** Something else that must run once per tick, after line input (the call layer's timers). */
    public void onEachTick(Board.TickHandler h) { tickListeners.add(h); }

    @Override
    public void onLineEvent(LinePort port, LineEvent event, long atMillis, String detail) {
        FxsChannel ch = fxs.get(port.id());
        if (ch != null) ch.onLineEvent(event, atMillis);
        FxoChannel o = fxo.get(port.id());
        if (o != null) o.onLineEvent(event, atMillis);
    }

    @Override
    public void onTick(long now) {
        for (FxsChannel ch : fxs.values()) {
            ch.audioIn(portOf(ch).readFrame(), now);
        }
        for (FxoChannel ch : fxo.values()) ch.audioIn(ports.get(ch.id()).readFrame(), now);
        for (FxsChannel ch : fxs.values()) ch.timers(now);
        for (FxoChannel ch : fxo.values()) ch.timers(now);
        for (Board.TickHandler h : tickListeners) h.onTick(now);
        for (FxsChannel ch : fxs.values()) ch.audioOut();
        for (FxoChannel ch : fxo.values()) ch.audioOut();
    }

    private final Map<String, LinePort> ports = new LinkedHashMap<>();

    public void bind(LinePort port, FxsChannel channel) {
        ports.put(port.id(), port);
        add(channel);
    }

    /** Binds an FXO port: it joins the same tick (input, timers, output) as the FXS lines. */
    public void bind(LinePort port, FxoChannel channel) {
        ports.put(port.id(), port);
        fxo.put(channel.id(), channel);
    }

    public FxoChannel fxo(String portId) { return fxo.get(portId); }

    private LinePort portOf(FxsChannel ch) { return ports.get(ch.id()); }

    public void close() {
        fxs.values().forEach(FxsChannel::close);
        fxo.values().forEach(FxoChannel::close);
    }
}
