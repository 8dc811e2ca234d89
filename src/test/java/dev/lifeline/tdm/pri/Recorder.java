package dev.lifeline.tdm.pri;

import java.util.ArrayList;
import java.util.List;

/** A call layer that writes down what the stack tells it, one short line per callback. */
final class Recorder implements PriListener {
    final List<String> events = new ArrayList<>();
    final List<PriCall> incoming = new ArrayList<>();
    /** How often each call was released (must end at exactly 1). */
    final java.util.Map<PriCall, Integer> released = new java.util.IdentityHashMap<>();
    /** When set, hangs up from inside onCleared, as a call layer tearing down its leg would. */
    PriCallControl hangUpOnCleared;

    @Override public void onSpanUp(long now) { events.add("up"); }
    @Override public void onSpanDown(long now) { events.add("down"); }
    @Override public void onIncoming(PriCall call, long now) {
        incoming.add(call);
        events.add("incoming ts=" + call.timeslot() + " " + call.setup().called().digits());
    }
    @Override public void onAlerting(PriCall call, boolean inband, long now) { events.add("alerting inband=" + inband); }
    @Override public void onProgress(PriCall call, boolean inband, long now) { events.add("progress inband=" + inband); }
    @Override public void onAnswered(PriCall call, long now) { events.add("answered"); }
    @Override public void onCleared(PriCall call, int cause, boolean inband, long now) {
        events.add("cleared " + cause);
        if (hangUpOnCleared != null) hangUpOnCleared.hangup(call, cause, now);
    }
    @Override public void onReleased(PriCall call, int cause, long now) {
        events.add("released " + cause);
        released.merge(call, 1, Integer::sum);
    }

    PriCall lastIncoming() { return incoming.get(incoming.size() - 1); }

    void clear() { events.clear(); }
}
