package dev.lifeline.hal.sim;

import dev.lifeline.hal.SpanAlarm;
import dev.lifeline.hal.SpanPort;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An E1 span of the simulated board over one TCP connection: {@code D} frames carry the
 * D-channel's LAPD frames, {@code B} frames one timeslot's 20 ms of A-law, {@code E} frames
 * layer-1 state (docs/sim-protocol.md). Up to three frames per timeslot are buffered from the
 * device (older ones dropped), so a fast device clock cannot build up delay.
 */
final class SimSpan implements SpanPort {
    private static final int MAX_BUFFERED = 3;
    private final String id;
    private final List<Integer> timeslots;
    private final Map<Integer, ArrayDeque<byte[]>> inbound = new HashMap<>();
    private volatile SimConnection connection;
    private volatile SpanAlarm layer1 = SpanAlarm.DOWN;

    SimSpan(String id, List<Integer> timeslots) {
        this.id = id;
        this.timeslots = List.copyOf(timeslots);
        for (int ts : timeslots) inbound.put(ts, new ArrayDeque<>());
    }

    @Override public String id() { return id; }
    @Override public List<Integer> timeslots() { return timeslots; }
    @Override public boolean isDeviceConnected() { return connection != null; }
    @Override public SpanAlarm layer1() { return layer1; }

    void layer1(SpanAlarm state) { this.layer1 = state; }

    synchronized boolean attach(SimConnection c) {
        if (connection != null && !connection.isClosed()) return false;
        connection = c;
        clear();
        return true;
    }

    synchronized void detach(SimConnection c) {
        if (connection == c) {
            connection = null;
            layer1 = SpanAlarm.DOWN;
            clear();
        }
    }

    private void clear() {
        for (ArrayDeque<byte[]> q : inbound.values()) {
            synchronized (q) {
                q.clear();
            }
        }
    }

    /** A B frame from the device; false when the timeslot is not a bearer of this span. */
    boolean receivedB(int timeslot, byte[] alaw) {
        ArrayDeque<byte[]> q = inbound.get(timeslot);
        if (q == null) return false;
        synchronized (q) {
            if (q.size() >= MAX_BUFFERED) q.pollFirst();
            q.addLast(alaw);
        }
        return true;
    }

    @Override
    public void sendD(byte[] frame) {
        SimConnection c = connection;
        if (c != null) c.send(new SimFrame(SimFrame.DCHANNEL, frame.clone()));
    }

    @Override
    public boolean readB(int timeslot, byte[] out) {
        ArrayDeque<byte[]> q = inbound.get(timeslot);
        if (q == null) return false;
        byte[] f;
        synchronized (q) {
            f = q.pollFirst();
        }
        if (f == null) return false;
        int n = Math.min(out.length, f.length);
        System.arraycopy(f, 0, out, 0, n);
        for (int i = n; i < out.length; i++) out[i] = (byte) 0xD5; // A-law silence
        return true;
    }

    @Override
    public void writeB(int timeslot, byte[] alaw) {
        SimConnection c = connection;
        if (c == null) return;
        byte[] p = new byte[1 + B_FRAME_OCTETS];
        p[0] = (byte) timeslot;
        System.arraycopy(alaw, 0, p, 1, Math.min(alaw.length, B_FRAME_OCTETS));
        c.send(new SimFrame(SimFrame.BCHANNEL, p));
    }

    @Override
    public void reportError(String text) {
        SimConnection c = connection;
        if (c != null) c.send(SimFrame.event("ERROR " + text));
    }

    @Override public String toString() { return id; }
}
