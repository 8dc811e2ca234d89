package dev.lifeline.media.rtp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.concurrent.locks.LockSupport;

/** Loopback helpers: a 20 ms ticker, a sine source, a raw RTP injector. */
final class RtpTestSupport {
    private RtpTestSupport() {}

    static final String HOST = "127.0.0.1";

    interface Tick { void run(int tick) throws Exception; }

    /** Runs {@code body} every 20 ms of real time, {@code ticks} times. */
    static void ticks(int ticks, Tick body) throws Exception {
        long next = System.nanoTime();
        for (int i = 0; i < ticks; i++) {
            body.run(i);
            next += 20_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
        }
    }

    /** 160 samples of a sine continuing from sample index {@code start}. */
    static short[] sine(double hz, int amplitude, long start) {
        short[] f = new short[160];
        for (int i = 0; i < f.length; i++) f[i] = (short) (amplitude * Math.sin(2 * Math.PI * hz * (start + i) / 8000.0));
        return f;
    }

    static InetSocketAddress addr(RtpSession s) { return new InetSocketAddress(HOST, s.localPort()); }

    /** Sends hand-made RTP from a socket of its own. */
    static final class Injector implements AutoCloseable {
        final DatagramSocket socket;
        final InetSocketAddress to;
        final long ssrc = 0x11223344L;

        Injector(RtpSession target) throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(HOST, 0));
            to = addr(target);
        }

        void send(int pt, int seq, long ts, boolean marker, byte[] payload) throws IOException {
            byte[] b = new byte[12 + payload.length];
            RtpPacket.writeHeader(b, marker, pt, seq, ts, ssrc);
            System.arraycopy(payload, 0, b, 12, payload.length);
            raw(b);
        }

        void raw(byte[] b) throws IOException { socket.send(new DatagramPacket(b, b.length, to)); }

        @Override public void close() { socket.close(); }
    }
}
