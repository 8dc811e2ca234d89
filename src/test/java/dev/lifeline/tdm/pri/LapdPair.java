package dev.lifeline.tdm.pri;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A user-side and a network-side {@link Lapd} wired back to back, as on a PRI. Frames are queued
 * and delivered by {@link #deliver()} (a real line never calls back into the sender), and each
 * direction can drop frames. Time moves only in {@link #advance}, in the engine's 20 ms ticks.
 */
final class LapdPair {
    final Recorder userL3 = new Recorder();
    final Recorder netL3 = new Recorder();
    final List<byte[]> fromUser = new ArrayList<>();
    final List<byte[]> fromNet = new ArrayList<>();
    final Lapd user;
    final Lapd net;
    Predicate<byte[]> dropToNet = f -> false;
    Predicate<byte[]> dropToUser = f -> false;
    long now;
    private final ArrayDeque<byte[]> toNet = new ArrayDeque<>();
    private final ArrayDeque<byte[]> toUser = new ArrayDeque<>();

    LapdPair(LapdTimers timers) {
        user = new Lapd("span1-user", false, f -> { fromUser.add(f); toNet.add(f); }, userL3, timers);
        net = new Lapd("span1-net", true, f -> { fromNet.add(f); toUser.add(f); }, netL3, timers);
    }

    LapdPair() { this(LapdTimers.defaults()); }

    /** Both ends see layer 1 and both ask for the link, as a PRI does at start. */
    LapdPair up() {
        user.l1Up(now);
        net.l1Up(now);
        user.establish(now);
        deliver();
        return this;
    }

    /** Cuts (or restores) the line in both directions. */
    void cut(boolean cut) {
        dropToNet = f -> cut;
        dropToUser = f -> cut;
    }

    void deliver() {
        for (int guard = 0; guard < 100_000 && !(toNet.isEmpty() && toUser.isEmpty()); guard++) {
            byte[] f = toNet.poll();
            if (f != null && !dropToNet.test(f)) net.receive(f, now);
            f = toUser.poll();
            if (f != null && !dropToUser.test(f)) user.receive(f, now);
        }
    }

    void advance(long ms) {
        long end = now + ms;
        while (now < end) {
            now += 20;
            user.tick(now);
            net.tick(now);
            deliver();
        }
    }

    static boolean isIFrame(byte[] f) { return f.length >= 4 && (f[2] & 1) == 0; }

    static int ns(byte[] f) { return (f[2] & 0xFF) >> 1; }

    static boolean isRej(byte[] f) { return f.length == 4 && (f[2] & 0xFF) == 0x09; }

    static boolean isRrPoll(byte[] f) { return f.length == 4 && (f[2] & 0xFF) == 0x01 && (f[3] & 1) == 1; }

    /** What layer 3 heard. */
    static final class Recorder implements DataLink.Listener {
        final List<String> events = new ArrayList<>();
        final List<String> data = new ArrayList<>();

        @Override public void onEstablished(long now) { events.add("up"); }
        @Override public void onReleased(long now) { events.add("down"); }
        @Override public void onData(byte[] m, long now) { data.add(new String(m, java.nio.charset.StandardCharsets.US_ASCII)); }
    }
}
