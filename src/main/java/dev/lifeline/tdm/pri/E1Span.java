package dev.lifeline.tdm.pri;

import dev.lifeline.hal.SpanAlarm;
import dev.lifeline.hal.SpanPort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * One E1 span with ISDN PRI signalling bound to its driver port (FreeTDM's span): layer 1 from
 * the line, {@link Lapd} on the D-channel, {@link PriStack} above it, and a {@link BChannel} per
 * bearer timeslot in the 20 ms tick. The call layer sees only {@link PriCallControl} and its own
 * {@link PriListener}. Engine thread only.
 */
public final class E1Span {
    /** What status and the span alarm show. */
    public record Status(String span, String signalling, SpanAlarm layer1, String layer2, boolean up,
                         List<PriCallControl.ChannelState> channels) {
        public long busy() { return channels.stream().filter(c -> c.state().equals("busy")).count(); }
    }

    private final SpanPort port;
    private final boolean networkSide;
    private final Lapd lapd;
    private final PriStack stack;
    private final Map<Integer, BChannel> channels = new LinkedHashMap<>();
    private final List<Consumer<Status>> watchers = new ArrayList<>();
    private SpanAlarm layer1 = SpanAlarm.DOWN;
    private boolean started;
    private boolean wasUp;

    public E1Span(SpanPort port, boolean networkSide, PriListener calls) {
        this.port = port;
        this.networkSide = networkSide;
        Upper upper = new Upper();
        this.lapd = new Lapd(port.id(), networkSide, port::sendD, upper, LapdTimers.defaults());
        this.stack = new PriStack(port.id(), networkSide, port.timeslots(), lapd, calls, Q931Timers.defaults());
        upper.stack = stack;
        for (int ts : port.timeslots()) channels.put(ts, new BChannel(port, ts));
    }

    public String id() { return port.id(); }

    /** Gives every bearer an echo canceller with {@code tailMs} (0: none), named {@code <span>/<timeslot>}. */
    public void cancelEcho(dev.lifeline.tdm.LineEchoes echoes, int tailMs) {
        for (BChannel b : channels.values()) b.cancelEcho(echoes.create(port.id() + "/" + b.timeslot(), tailMs));
    }

    public PriCallControl control() { return stack; }

    /** Who keeps a channel in glare; both ends of the span must agree. */
    public void setGlareRule(GlareRule rule) { stack.setGlareRule(rule); }

    /** The B-channel of a timeslot, or null when it is not a bearer of this span. */
    public BChannel channel(int timeslot) { return channels.get(timeslot); }

    /** Who hears when the span goes up or down (the span alarm, LEDs). */
    public void onStatusChange(Consumer<Status> watcher) { watchers.add(watcher); }

    public Status status() {
        return new Status(port.id(), networkSide ? "pri-net" : "pri-cpe", layer1, lapd.state().toString(), stack.isUp(),
                stack.channels());
    }

    // ---- from the driver ------------------------------------------------------------------

    public void onDevice(boolean connected, long now) {
        if (!connected) onLayer1(SpanAlarm.DOWN, now);
    }

    public void onLayer1(SpanAlarm state, long now) {
        if (state == layer1) return;
        Logger.info("{} L1: {} -> {}", port.id(), layer1, state);
        SpanAlarm before = layer1;
        layer1 = state;
        if (state.carriesFrames()) {
            lapd.l1Up(now);
            if (!started) {
                started = true;
                stack.start(now);
            }
        } else if (before.carriesFrames()) {
            lapd.l1Down(now);
        }
        changed();
    }

    public void onDFrame(byte[] frame, long now) {
        if (layer1.carriesFrames()) lapd.receive(frame, now);
    }

    // ---- the tick -------------------------------------------------------------------------

    /** First pass: every B-channel's input (drained even when idle, so no stale audio waits). */
    public void audioIn(long now) {
        for (BChannel b : channels.values()) b.audioIn();
    }

    /** Timers of layers 2 and 3. */
    public void timers(long now) {
        lapd.tick(now);
        stack.tick(now);
        changed();
    }

    /** Last pass: what the far end hears on every bridged B-channel. */
    public void audioOut(long now) {
        for (BChannel b : channels.values()) b.audioOut();
    }

    private void changed() {
        boolean up = stack.isUp() && layer1.carriesFrames();
        if (up == wasUp) return;
        wasUp = up;
        Logger.info("{}: span {}", port.id(), up ? "up" : "down");
        Status s = status();
        for (Consumer<Status> w : watchers) w.accept(s);
    }

    /** Forwards layer 2's indications to the stack once it exists (the two are built in turn). */
    private static final class Upper implements DataLink.Listener {
        PriStack stack;

        @Override public void onEstablished(long now) { stack.onEstablished(now); }
        @Override public void onReleased(long now) { stack.onReleased(now); }
        @Override public void onData(byte[] l3Message, long now) { stack.onData(l3Message, now); }
    }
}
