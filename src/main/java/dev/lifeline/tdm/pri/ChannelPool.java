package dev.lifeline.tdm.pri;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The span's B-channels and who holds each. The two sides hunt from opposite ends (user side
 * from the highest timeslot, network side from the lowest) so that their outgoing calls meet
 * only when the span is nearly full, which is what keeps glare rare.
 */
final class ChannelPool {
    private final Map<Integer, Q931Call> owner = new LinkedHashMap<>();
    private final List<Integer> ascending;
    private final boolean fromTop;
    /**
     * Idle channels are not usable until the span is up (layer 2 established and our RESTART
     * acknowledged), and are shown out of service meanwhile.
     */
    private boolean restarting = true;

    ChannelPool(List<Integer> timeslots, boolean fromTop) {
        this.ascending = timeslots.stream().filter(t -> t >= 1 && t <= 31 && t != 16).distinct().sorted().toList();
        if (ascending.isEmpty()) throw new IllegalArgumentException("no bearer timeslots in " + timeslots);
        this.fromTop = fromTop;
        for (int t : ascending) owner.put(t, null);
    }

    int size() { return ascending.size(); }

    boolean exists(int ts) { return owner.containsKey(ts); }

    boolean free(int ts) { return !restarting && owner.containsKey(ts) && owner.get(ts) == null; }

    Q931Call holder(int ts) { return owner.get(ts); }

    /** Our hunting order's first free channel, or 0. */
    int pick() {
        if (restarting) return 0;
        for (int i = 0; i < ascending.size(); i++) {
            int ts = ascending.get(fromTop ? ascending.size() - 1 - i : i);
            if (owner.get(ts) == null) return ts;
        }
        return 0;
    }

    void take(int ts, Q931Call call) { owner.put(ts, call); }

    /** Frees {@code ts} if {@code call} holds it (a call moved off a channel must not free its new owner's). */
    void release(int ts, Q931Call call) {
        if (owner.containsKey(ts) && owner.get(ts) == call) owner.put(ts, null);
    }

    void restarting(boolean on) { restarting = on; }

    List<PriCallControl.ChannelState> states() {
        List<PriCallControl.ChannelState> out = new ArrayList<>(ascending.size());
        for (int ts : ascending) {
            String s = owner.get(ts) != null ? "busy" : restarting ? "out-of-service" : "idle";
            out.add(new PriCallControl.ChannelState(ts, s));
        }
        return out;
    }
}
