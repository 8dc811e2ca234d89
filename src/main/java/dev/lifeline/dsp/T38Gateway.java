package dev.lifeline.dsp;

import java.lang.ref.Reference;
import java.util.Objects;

/**
 * spandsp's T.38 gateway: it demodulates a line's fax audio (V.21 HDLC, V.27ter/V.29/V.17 image
 * data) into IFP packets and remodulates the far end's IFP packets into audio, so a fax crosses
 * the IP network as data rather than as fragile modem audio in a voice codec. Clocked by the line:
 * each 20 ms frame, {@link #received} the line's audio (this also runs its timers), {@link
 * #transmit} the audio for the line, then drain {@link #pollIfp} and feed {@link #receiveIfp}.
 */
public final class T38Gateway implements IfpEndpoint, AutoCloseable {
    /** Transfer figures so far; dropped counts packets lost for want of queue room, refused malformed input. */
    public record Status(int bitRate, boolean ecm, int pagesTransferred, int packetsDropped, int packetsRefused) {}

    private final NativeContext ctx;
    private final byte[] scratch = new byte[MAX_IFP_OUT];

    public T38Gateway(T38Options options) {
        Dsp.ensureAvailable();
        this.ctx = new NativeContext(this, "T.38 gateway", Native.t38GatewayNew0(options.ecm(), options.maxBitRate(), options.version()),
                Native::t38GatewayFree0);
    }

    /** The line's audio, {@code pcm[off..off+len)}. */
    public synchronized void received(short[] pcm, int off, int len) {
        Objects.checkFromIndexSize(off, len, pcm.length);
        try {
            Native.check(Native.t38GatewayRx0(ctx.handle(), pcm, off, len), "T.38 gateway receive");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Fills {@code pcm[off..off+len)} with the audio for the line (silence when idle). */
    public synchronized void transmit(short[] pcm, int off, int len) {
        Objects.checkFromIndexSize(off, len, pcm.length);
        try {
            Native.check(Native.t38GatewayTx0(ctx.handle(), pcm, off, len), "T.38 gateway transmit");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override public synchronized boolean receiveIfp(byte[] ifp, int off, int len, int seq) {
        Objects.checkFromIndexSize(off, len, ifp.length);
        try {
            return Ifp.taken(Native.t38GatewayIfpIn0(ctx.handle(), ifp, off, len, seq), "T.38 gateway IFP in");
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override public synchronized IfpPacket pollIfp() {
        try {
            return IfpPacket.unpack(Native.check(Native.t38GatewayIfpOut0(ctx.handle(), scratch), "T.38 gateway IFP out"), scratch);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public synchronized Status status() {
        int[] v = new int[5];
        try {
            Native.check(Native.t38GatewayStatus0(ctx.handle(), v), "T.38 gateway status");
        } finally {
            Reference.reachabilityFence(this);
        }
        return new Status(v[0], v[1] != 0, v[2], v[3], v[4]);
    }

    @Override public synchronized void close() { ctx.close(); }
}
