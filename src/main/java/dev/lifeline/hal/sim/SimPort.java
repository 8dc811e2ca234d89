package dev.lifeline.hal.sim;

import dev.lifeline.dsp.Plc;
import dev.lifeline.hal.LinePort;
import dev.lifeline.hal.PortKind;
import org.tinylog.Logger;

/** A port of the simulated board: what a real line card's port would be, over TCP. */
final class SimPort implements LinePort {
    private final String id;
    private final PortKind kind;
    private final Plc concealer = new Plc();
    private final SampleFifo inbound = new SampleFifo((SampleFifo.MAX_CUSHION + 2) * FRAME_SAMPLES, concealer);
    private final short[] readBuf = new short[FRAME_SAMPLES];
    private final ReplyAlignment replies;
    private volatile SimConnection connection;

    SimPort(String id, PortKind kind) {
        this.id = id;
        this.kind = kind;
        this.replies = new ReplyAlignment(id);
    }

    @Override public String id() { return id; }
    @Override public PortKind kind() { return kind; }
    @Override public boolean isDeviceConnected() { return connection != null; }

    /** Claims the port for a device; false when another device holds it. */
    synchronized boolean attach(SimConnection c) {
        if (connection != null && !connection.isClosed()) return false;
        connection = c;
        inbound.clear();
        replies.reset();
        return true;
    }

    synchronized void detach(SimConnection c) {
        if (connection == c) {
            connection = null;
            inbound.clear();
        }
    }

    void received(short[] pcm, int len) { inbound.put(pcm, len); }

    private void event(String text) {
        SimConnection c = connection;
        if (c != null) c.send(SimFrame.event(text));
    }

    @Override public void setRinging(boolean on) { event(on ? "RING ON" : "RING OFF"); }
    @Override public void setPolarity(boolean reversed) { event(reversed ? "POLARITY REVERSE" : "POLARITY NORMAL"); }
    @Override public void setHook(boolean offHook) { event(offHook ? "OFFHOOK" : "ONHOOK"); }
    @Override public void reportError(String text) { event("ERROR " + text); }

    @Override
    public short[] readFrame() {
        int queued = inbound.size();
        int cushion = inbound.cushion();
        inbound.take(readBuf);
        if (inbound.cushion() != cushion) {
            Logger.info("{}: device audio {}: receive cushion {} ms", id, inbound.cushion() > cushion ? "late (concealed)" : "steady again",
                    inbound.cushion() * LinePort.FRAME_MS);
        }
        replies.read(inbound.lastFrameStart(), queued);
        return readBuf;
    }

    @Override public int echoLagFrames() { return replies.lag(); }

    @Override
    public void steadyTiming(boolean on) {
        if (inbound.steady() == on) return;
        inbound.steady(on);
        Logger.info("{}: {}", id, on ? "data on the line: receive timing held steady (cushion built up to "
                + SampleFifo.MAX_CUSHION * LinePort.FRAME_MS + " ms in its silences)" : "speech again: receive cushion given up in 10 s");
    }

    @Override
    public void writeFrame(short[] pcm) {
        SimConnection c = connection;
        if (c != null) {
            c.send(SimFrame.audio(pcm, 0, FRAME_SAMPLES));
            replies.wrote();
        }
    }

    @Override public String toString() { return id; }
}
