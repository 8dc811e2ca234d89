package dev.lifeline.tdm.pri;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Layer-3 messages on their way out. {@code window} holds the messages that have a sequence
 * number (entry i is N(S) = V(A)+i), sent at least once or due for retransmission after V(S) was
 * wound back; {@code pending} holds what has not been numbered yet. Only {@code pending} is
 * bounded by dropping its oldest entry: a numbered frame cannot be dropped without breaking the
 * sequence, and the window is at most k anyway.
 */
final class LapdSendQueue {
    private final int capacity;
    private final List<byte[]> window = new ArrayList<>();
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    /** How many window entries have gone out at least once, to tell a retransmission from a first send. */
    private int sent;

    LapdSendQueue(int capacity) { this.capacity = capacity; }

    /** Queues a message; returns true when the oldest unnumbered one had to be dropped for it. */
    boolean offer(byte[] message) {
        boolean dropped = false;
        if (pending.size() >= capacity) {
            pending.pollFirst();
            dropped = true;
        }
        pending.addLast(message);
        return dropped;
    }

    /** Whether there is a message for window position {@code index} (V(S)-V(A)). */
    boolean has(int index) { return index < window.size() || (index == window.size() && !pending.isEmpty()); }

    /** The message for window position {@code index}, numbering the next pending one if needed. */
    byte[] take(int index) {
        if (index == window.size()) window.add(pending.pollFirst());
        return window.get(index);
    }

    /** Records that position {@code index} went out; true if it had gone out before. */
    boolean markSent(int index) {
        if (index < sent) return true;
        sent = index + 1;
        return false;
    }

    /** The peer acknowledged the first {@code n} numbered messages. */
    void ack(int n) {
        for (int i = 0; i < n && !window.isEmpty(); i++) window.remove(0);
        sent = Math.max(0, sent - n);
    }

    /** Numbered messages not yet acknowledged (V(S)≠V(A) in the spec's terms, counting wound-back ones). */
    boolean hasNumbered() { return !window.isEmpty(); }

    int size() { return window.size() + pending.size(); }

    void clear() {
        window.clear();
        pending.clear();
        sent = 0;
    }
}
