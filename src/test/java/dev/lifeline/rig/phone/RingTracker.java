package dev.lifeline.rig.phone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records {@code RING ON}/{@code RING OFF} and measures the cadence from them. */
final class RingTracker {
    private final List<RingEvent> events = new ArrayList<>();
    private boolean ringing;

    synchronized void ring(boolean on, long nanos) {
        ringing = on;
        events.add(new RingEvent(on, nanos));
        notifyAll();
    }

    synchronized boolean isRinging() { return ringing; }

    synchronized List<RingEvent> events() { return List.copyOf(events); }

    synchronized boolean awaitRinging(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ringing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /**
     * Durations in ms between successive state changes, starting at the first RING ON:
     * on, off, on, off... (only completed intervals).
     */
    synchronized int[] cadenceMs() {
        int first = 0;
        while (first < events.size() && !events.get(first).on()) first++;
        List<Integer> d = new ArrayList<>();
        RingEvent prev = null;
        for (int i = first; i < events.size(); i++) {
            RingEvent e = events.get(i);
            if (prev != null && e.on() != prev.on()) {
                d.add((int) Math.round((e.atNanos() - prev.atNanos()) / 1e6));
            }
            if (prev == null || e.on() != prev.on()) prev = e;
        }
        return d.stream().mapToInt(Integer::intValue).toArray();
    }
}
