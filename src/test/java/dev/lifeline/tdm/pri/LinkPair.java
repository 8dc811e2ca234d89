package dev.lifeline.tdm.pri;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Two ends of a D-channel in memory. Frames are queued and handed over by {@link #pump}, in
 * order, the way a real link delivers them later rather than inside the sender's call. The
 * "cable" can be pulled and put back; every message is also kept, decoded, for the tests to
 * look at.
 */
final class LinkPair {
    final End a = new End("a");
    final End b = new End("b");
    private final Deque<Runnable> queue = new ArrayDeque<>();
    private boolean plugged = true;
    private boolean established;
    /** Every message sent, in order, as "a>" or "b>" plus the decoded message. */
    final List<Sent> log = new ArrayList<>();

    record Sent(String from, Q931Message message) {
        @Override public String toString() { return from + "> " + message; }
    }

    final class End implements DataLink {
        final String name;
        DataLink.Listener listener;
        int establishRequests;

        End(String name) { this.name = name; }

        End other() { return this == a ? b : a; }

        @Override public void establish(long now) {
            establishRequests++;
            if (plugged && !established) {
                established = true;
                queue.add(() -> a.listener.onEstablished(now));
                queue.add(() -> b.listener.onEstablished(now));
            }
        }

        @Override public void release(long now) { pull(now); }

        @Override public void send(byte[] l3, long now) {
            if (!established) return;
            log.add(new Sent(name, Q931Codec.decode(l3).message()));
            End to = other();
            byte[] copy = l3.clone();
            queue.add(() -> {
                if (established) to.listener.onData(copy, now);
            });
        }

        @Override public boolean isEstablished() { return established; }
    }

    /** Delivers everything queued, including what the deliveries cause. */
    void pump() {
        int guard = 0;
        while (!queue.isEmpty()) {
            if (++guard > 100_000) throw new IllegalStateException("message loop");
            queue.poll().run();
        }
    }

    /** Layer 1/2 lost: both ends hear DL-RELEASE-INDICATION; frames in flight are lost. */
    void pull(long now) {
        plugged = false;
        if (established) {
            established = false;
            queue.clear();
            a.listener.onReleased(now);
            b.listener.onReleased(now);
        }
    }

    /** The cable is back; the link comes up on the next establish request. */
    void plugIn() { plugged = true; }

    List<Sent> sentBy(End end, int type) {
        return log.stream().filter(s -> s.from.equals(end.name) && s.message.type() == type).toList();
    }
}
