package dev.lifeline.tdm;

import dev.lifeline.dsp.Dsp;
import dev.lifeline.hal.LinePort;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tinylog.Logger;

/**
 * The echo control of every channel, by channel id: gives each analog port its canceller when
 * the board profile sets a tail, and lets the call layer switch a channel to fax/data mode and
 * back (a fax detected on a call, a pass-through fax call).
 */
public final class LineEchoes implements AutoCloseable {
    private final Map<String, LineEcho> echoes = new LinkedHashMap<>();

    /**
     * The port to give the signalling module: {@code port} itself when {@code tailMs} is 0 or the
     * DSP library is missing (logged), else the port with its echo cancelled.
     */
    public synchronized LinePort wrap(LinePort port, int tailMs) {
        LineEcho e = create(port.id(), tailMs);
        return e == null ? port : new EchoCancellingPort(port, e);
    }

    /** A channel's echo control (E1 bearers use it directly), or null when it has none. */
    public synchronized LineEcho create(String channelId, int tailMs) {
        if (tailMs <= 0) return null;
        if (!Dsp.isAvailable()) {
            Logger.warn("{}: no echo canceller: {}", channelId, Dsp.unavailabilityCause());
            return null;
        }
        LineEcho old = echoes.remove(channelId);
        if (old != null) old.close();
        LineEcho e = new LineEcho(channelId, tailMs);
        echoes.put(channelId, e);
        return e;
    }

    /** {@link LineEcho#faxEpisodes} of an analog port's canceller; 0 for a port without one (no fax is recognised there). */
    static long faxEpisodes(LinePort port) { return port instanceof EchoCancellingPort e ? e.echo().faxEpisodes() : 0; }

    /** The channel's echo control, or null when it has no canceller. */
    public synchronized LineEcho of(String channelId) { return echoes.get(channelId); }

    /** Fax/data on the channel: its canceller steps aside until {@link #voiceMode}. No-op without one. */
    public synchronized void dataMode(String channelId, String why) {
        LineEcho e = echoes.get(channelId);
        if (e != null) e.dataMode(why);
    }

    /** Speech again on the channel. */
    public synchronized void voiceMode(String channelId, String why) {
        LineEcho e = echoes.get(channelId);
        if (e != null) e.voiceMode(why);
    }

    @Override
    public synchronized void close() {
        echoes.values().forEach(LineEcho::close);
        echoes.clear();
    }
}
