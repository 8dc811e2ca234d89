package dev.lifeline.media.rtp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out RTP sessions on even UDP ports of a range (RTCP on the odd port above, RFC 3550
 * §11) and owns the one receive thread that serves all of them ({@link RtpReceiveLoop}). Ports
 * taken by other programs are skipped; allocation continues after the last port handed out,
 * so a just-released port is not reused at once (stray packets of the old call would latch the
 * new one). Thread-safe.
 */
public final class RtpPortPool implements AutoCloseable {
    private static final int RECEIVE_BUFFER = 256 * 1024;
    /** The gateway's RTP port range (RTP and RTCP ports), the same on every board; TR-069 shows it. */
    public static final int DEFAULT_MIN = 16384, DEFAULT_MAX = 32767;

    private final String bindHost;
    private final int firstPort, lastPort; // even RTP ports, inclusive
    private final Set<Integer> inUse = ConcurrentHashMap.newKeySet();
    private final Set<RtpSession> sessions = ConcurrentHashMap.newKeySet();
    private final RtpReceiveLoop loop;
    private int cursor;
    private boolean closed;

    /** Pairs (p, p+1) with p even and minPort <= p, p+1 <= maxPort. */
    public RtpPortPool(String bindHost, int minPort, int maxPort) {
        this.bindHost = bindHost;
        this.firstPort = minPort + (minPort & 1);
        this.lastPort = (maxPort & 1) == 1 ? maxPort - 1 : maxPort - 2;
        if (minPort < 1024 || maxPort > 65535 || firstPort > lastPort)
            throw new IllegalArgumentException("RTP port range " + minPort + "-" + maxPort + " holds no even/odd port pair within 1024-65535");
        this.cursor = firstPort;
        this.loop = new RtpReceiveLoop("rtp-rx-" + minPort, sessions);
    }

    String bindHost() { return bindHost; }

    /** Port pairs in the range. */
    public int capacity() { return (lastPort - firstPort) / 2 + 1; }

    /** Sessions open now. */
    public int inUse() { return inUse.size(); }

    /**
     * Opens a session on the next free port pair.
     * @throws RtpPortsExhaustedException when every pair is in use (by us or by another program)
     */
    public synchronized RtpSession open() {
        DatagramChannel[] pair = nextFree(true);
        int port = ((InetSocketAddress) localAddress(pair[0])).getPort();
        RtpSession s = new RtpSession(this, pair[0], pair[1], port);
        sessions.add(s);
        loop.register(s);
        return s;
    }

    /** A UDP port held for a stream that is not RTP; closing it gives the port (and its pair) back. */
    public final class Reserved implements AutoCloseable {
        private final DatagramChannel channel;
        private final int port;

        private Reserved(DatagramChannel channel, int port) {
            this.channel = channel;
            this.port = port;
        }

        /** Bound, non-blocking; the holder reads and writes it. */
        public DatagramChannel channel() { return channel; }

        public int port() { return port; }

        @Override public void close() {
            closeQuietly(channel);
            inUse.remove(port);
        }
    }

    /**
     * A single port of the range for a stream that is not RTP (T.38's UDPTL, which a fax
     * switches to): a firewall opened for the RTP range lets it through too. Its pair is held
     * until {@link Reserved#close}.
     * @throws RtpPortsExhaustedException when every pair is in use
     */
    public synchronized Reserved reserve() {
        DatagramChannel ch = nextFree(false)[0];
        return new Reserved(ch, ((InetSocketAddress) localAddress(ch)).getPort());
    }

    /** Binds the next free pair (RTP and RTCP ports, or only the even one) and marks it in use. */
    private DatagramChannel[] nextFree(boolean withRtcp) {
        if (closed) throw new IllegalStateException("RTP port pool " + range() + " is closed");
        for (int tried = 0; tried < capacity(); tried++) {
            int port = cursor;
            cursor = cursor + 2 > lastPort ? firstPort : cursor + 2;
            if (inUse.contains(port)) continue;
            DatagramChannel rtp = bind(port);
            if (rtp == null) continue;
            DatagramChannel rtcp = withRtcp ? bind(port + 1) : null;
            if (withRtcp && rtcp == null) { closeQuietly(rtp); continue; }
            inUse.add(port);
            return new DatagramChannel[] {rtp, rtcp};
        }
        throw new RtpPortsExhaustedException("no free RTP port pair in " + range() + " on " + bindHost + " (" + capacity()
                + " pairs, " + inUse.size() + " in use by open sessions, the rest taken by other programs)");
    }

    private static java.net.SocketAddress localAddress(DatagramChannel ch) {
        try {
            return ch.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DatagramChannel bind(int port) {
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open();
            ch.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            ch.bind(new InetSocketAddress(bindHost, port));
            ch.configureBlocking(false);
            return ch;
        } catch (java.net.BindException e) {
            closeQuietly(ch);
            return null; // taken by someone else: try the next
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot open RTP socket " + bindHost + ":" + port, e);
        }
    }

    /** Called by a closing session after its channels are closed: frees the pair once the sockets really are. */
    void release(RtpSession s) {
        sessions.remove(s);
        loop.afterDeregistration(() -> inUse.remove(s.localPort()));
    }

    /** Closes every session and stops the receive thread. */
    @Override
    public void close() {
        synchronized (this) { closed = true; }
        for (RtpSession s : new ArrayList<>(sessions)) s.close();
        loop.close();
    }

    /** The sessions open now (a snapshot). */
    public List<RtpSession> sessions() { return List.copyOf(sessions); }

    private String range() { return firstPort + "-" + (lastPort + 1); }

    private static void closeQuietly(DatagramChannel ch) {
        if (ch == null) return;
        try { ch.close(); } catch (IOException ignored) { /* closing */ }
    }
}
