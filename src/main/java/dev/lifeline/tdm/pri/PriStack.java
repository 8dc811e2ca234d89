package dev.lifeline.tdm.pri;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * Q.931 / ETSI EN 300 403 call control for one E1 PRI span, either side: user ({@code pri-cpe},
 * U states) or network ({@code pri-net}, N states). It sits on a {@link DataLink} and serves
 * the call layer through {@link PriCallControl}; everything runs on the engine thread and time
 * only moves when the engine passes {@code now} (tick every 20 ms), so tests drive it without
 * sleeping. This class owns the span-level life (layer 2 up and down, T309, the call table and
 * the API); what a received message does to a call is in {@link CallSignalling}, the global
 * call reference's RESTART procedure in {@link Restarts}.
 */
public final class PriStack implements PriCallControl, DataLink.Listener {
    final String spanId;
    final boolean network;
    final DataLink link;
    final PriListener listener;
    final Q931Timers timers;
    final ChannelPool pool;
    final Map<Integer, Q931Call> calls = new LinkedHashMap<>();
    private final CallSignalling signalling;
    private final Restarts restarts;
    private final int maxCalls;
    private int nextCr = 1;
    private boolean started;
    private boolean linkUp;
    private boolean spanUp;
    private long nextRelinkAt;
    GlareRule glare = GlareRule.NETWORK_WINS;

    public PriStack(String spanId, boolean networkSide, List<Integer> bearerTimeslots, DataLink link,
                    PriListener listener, Q931Timers timers) {
        this.spanId = spanId;
        this.network = networkSide;
        this.link = link;
        this.listener = listener;
        this.timers = timers;
        this.pool = new ChannelPool(bearerTimeslots, !networkSide);
        this.maxCalls = pool.size() + 4;
        this.signalling = new CallSignalling(this);
        this.restarts = new Restarts(this);
    }

    /** Who keeps the channel in glare (default: the network side, as Q.931 says). */
    public void setGlareRule(GlareRule rule) { this.glare = rule; }

    /** The usual E1 bearer set: timeslots 1-15 and 17-31. */
    public static List<Integer> e1Timeslots() {
        List<Integer> ts = new ArrayList<>(30);
        for (int t = 1; t <= 31; t++) if (t != 16) ts.add(t);
        return ts;
    }

    /** Asks layer 2 to come up; the span is usable once it has and the start-up RESTART is done. */
    public void start(long now) {
        started = true;
        nextRelinkAt = now + timers.relink();
        link.establish(now);
    }

    /** Runs the timers; call every 20 ms or so. */
    public void tick(long now) {
        if (started && !linkUp && !link.isEstablished() && now >= nextRelinkAt) {
            nextRelinkAt = now + timers.relink();
            link.establish(now);
        }
        restarts.tick(now);
        for (Q931Call c : List.copyOf(calls.values())) {
            if (c.timer != Q931Call.Timer.NONE && now >= c.deadline && calls.get(c.key()) == c) signalling.expired(c, now);
        }
    }

    public String spanId() { return spanId; }

    public boolean networkSide() { return network; }

    // ---- layer 2 ---------------------------------------------------------------------------

    @Override
    public void onEstablished(long now) {
        boolean wasUp = linkUp;
        linkUp = true;
        List<Q931Call> kept = calls.values().stream().filter(c -> c.timer == Q931Call.Timer.T309).toList();
        if (wasUp && spanUp) {
            // Layer 2 reset itself without telling us it went down: frames may be lost, ask about every call (§5.8.8).
            Logger.info("{} Q931 data link re-established while up, enquiring {} calls", spanId, calls.size());
            for (Q931Call c : List.copyOf(calls.values())) signalling.enquire(c, now);
            return;
        }
        if (!kept.isEmpty()) {
            Logger.info("{} Q931 data link back within T309, enquiring {} kept calls", spanId, kept.size());
            for (Q931Call c : kept) {
                c.stopTimer();
                signalling.enquire(c, now);
            }
            spanUp(now);
            return;
        }
        restarts.begin(now);
    }

    @Override
    public void onReleased(long now) {
        if (!linkUp && !spanUp) return;
        linkUp = false;
        restarts.abort();
        pool.restarting(true);
        nextRelinkAt = now;
        int kept = 0;
        for (Q931Call c : List.copyOf(calls.values())) {
            if (c.phase() == Phase.ACTIVE) {
                c.start(Q931Call.Timer.T309, now, timers.t309());
                kept++;
            } else {
                toNull(c, Cause.TEMPORARY_FAILURE, "data link lost", now);
            }
        }
        Logger.info("{} Q931 data link down, {} active calls kept for T309", spanId, kept);
        if (spanUp) {
            spanUp = false;
            listener.onSpanDown(now);
        }
    }

    @Override
    public void onData(byte[] l3Message, long now) {
        Q931Codec.Decoded d = Q931Codec.decode(l3Message);
        if (d.ignored()) {
            Logger.debug("{} Q931 ignored frame: {}", spanId, d.ignoreReason());
            return;
        }
        Q931Message m = d.message();
        if (m.global()) {
            restarts.onMessage(m, d, now);
            return;
        }
        Q931Call c = calls.get(Q931Call.key(m.callReference(), m.toOriginator()));
        if (c == null) {
            signalling.unknownCallReference(m, d, now);
        } else {
            signalling.onMessage(c, m, d, now);
        }
    }

    // ---- PriCallControl --------------------------------------------------------------------

    @Override
    public Optional<PriCall> setup(PriSetup setup, long now) {
        if (!isUp() || calls.size() >= maxCalls) return Optional.empty();
        int ts = 0;
        if (setup.timeslot() > 0 && pool.free(setup.timeslot())) {
            ts = setup.timeslot();
        } else if (setup.timeslot() == 0 || !setup.exclusive()) {
            ts = pool.pick();
        }
        int cr = allocateCallReference();
        if (ts == 0 || cr == 0) return Optional.empty();
        Q931Call c = new Q931Call(cr, true, setup, network, ts);
        adopt(c);
        c.announced = true;
        signalling.sendSetup(c, now);
        return Optional.of(c);
    }

    @Override
    public void alerting(PriCall call, long now) {
        Q931Call c = own(call);
        if (c != null && linkUp) signalling.alerting(c, now);
    }

    @Override
    public void progress(PriCall call, long now) {
        Q931Call c = own(call);
        if (c != null && linkUp) signalling.progress(c, now);
    }

    @Override
    public void answer(PriCall call, long now) {
        Q931Call c = own(call);
        if (c != null && linkUp) signalling.answer(c, now);
    }

    @Override
    public void hangup(PriCall call, int q850Cause, long now) {
        Q931Call c = own(call);
        if (c == null) return;
        c.clearingKnown = true;
        if (!linkUp) {
            toNull(c, q850Cause, "cleared locally while the data link is down", now);
        } else {
            signalling.hangup(c, q850Cause, now);
        }
    }

    @Override
    public List<PriCall> calls() { return List.copyOf(calls.values()); }

    @Override
    public List<ChannelState> channels() { return pool.states(); }

    @Override
    public boolean isUp() { return spanUp && linkUp; }

    // ---- shared with CallSignalling and Restarts -------------------------------------------

    int location() { return network ? Cause.LOC_PUBLIC_LOCAL : Cause.LOC_USER; }

    InformationElement cause(int value) { return Ies.cause(location(), value); }

    boolean full() { return calls.size() >= maxCalls; }

    void adopt(Q931Call c) {
        pool.take(c.timeslot, c);
        calls.put(c.key(), c);
    }

    void send(Q931Message m, long now) {
        link.send(m.encode(), now);
    }

    /** A message on a call: the flag bit says whether the call reference is ours. */
    void send(Q931Call c, int type, long now, InformationElement... ies) {
        send(Q931Message.of(c.cr, !c.outgoing, type, ies), now);
    }

    void go(Q931Call c, Phase to, String why, long now) {
        var t = c.go(to, why, now);
        Logger.info("{} Q931 cr={} ts={}: {} -> {} ({})", spanId, c.cr, c.timeslot, t.from(), t.to(), why);
    }

    /** Tells the call layer the far end or the stack is clearing, once, unless it cleared the call itself. */
    void clearing(Q931Call c, int cause, boolean inband, long now) {
        if (c.clearingKnown) return;
        c.clearingKnown = true;
        if (c.announced) listener.onCleared(c, cause, inband, now);
    }

    /** The call is over: channel free, call reference free, the call layer told. */
    void toNull(Q931Call c, int cause, String why, long now) {
        if (calls.get(c.key()) != c) return;
        calls.remove(c.key());
        pool.release(c.timeslot, c);
        c.stopTimer();
        go(c, Phase.NULL, why, now);
        clearing(c, cause, false, now);
        if (c.announced) listener.onReleased(c, cause, now);
    }

    void restartDone(long now) {
        if (linkUp) spanUp(now);
    }

    private void spanUp(long now) {
        if (spanUp) return;
        spanUp = true;
        pool.restarting(false);
        Logger.info("{} Q931 span up ({} side, {} B-channels)", spanId, network ? "network" : "user", pool.size());
        listener.onSpanUp(now);
    }

    private Q931Call own(PriCall call) {
        if (!(call instanceof Q931Call c) || calls.get(c.key()) != c) return null;
        return c;
    }

    /** 15-bit values, round robin so a value just freed is not reused while the peer may still hold it. */
    private int allocateCallReference() {
        for (int i = 0; i < 0x7FFF; i++) {
            int cr = nextCr;
            nextCr = nextCr >= 0x7FFF ? 1 : nextCr + 1;
            if (!calls.containsKey(Q931Call.key(cr, true))) return cr;
        }
        return 0;
    }
}
