package dev.lifeline.media.rtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.tinylog.Logger;

/**
 * The one thread that receives for every session of a pool: an NIO selector over all RTP
 * and RTCP sockets, draining each ready socket into one reused buffer, so a packet costs a
 * system call, a parse and a G.711 decode, no allocation and no thread hand-off. It also
 * runs the RTCP report timers. Why one selector thread rather than a virtual thread per
 * socket: see docs/media.md. Started on the first registration.
 */
final class RtpReceiveLoop implements AutoCloseable {
    static final int MAX_DATAGRAM = 2048;
    private static final int DRAIN_LIMIT = 32;
    private static final long TIMER_NANOS = 20_000_000L;

    private final String name;
    private final Set<RtpSession> sessions;
    private final ConcurrentLinkedQueue<RtpSession> toRegister = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Runnable> afterDeregister = new ConcurrentLinkedQueue<>();
    private final byte[] data = new byte[MAX_DATAGRAM];
    private final ByteBuffer buf = ByteBuffer.wrap(data);
    private Selector selector;
    private Thread thread;
    private volatile boolean running = true;

    RtpReceiveLoop(String name, Set<RtpSession> sessions) {
        this.name = name;
        this.sessions = sessions;
    }

    synchronized void register(RtpSession s) {
        if (thread == null) {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot open RTP selector", e);
            }
            thread = new Thread(this::run, name);
            thread.setDaemon(true);
            thread.setPriority(Thread.MAX_PRIORITY - 1);
            thread.start();
        }
        toRegister.add(s);
        selector.wakeup();
    }

    private void run() {
        long nextTimer = System.nanoTime();
        while (running) {
            try {
                selector.select(Math.max(1, (nextTimer - System.nanoTime()) / 1_000_000L));
                RtpSession s;
                while ((s = toRegister.poll()) != null) registerNow(s);
                if (!afterDeregister.isEmpty()) {
                    selector.selectNow(); // flushes cancelled keys: only now are closed sockets really closed
                    Runnable r;
                    while ((r = afterDeregister.poll()) != null) r.run();
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (key.isValid()) drain(key);
                }
                long now = System.nanoTime();
                if (now >= nextTimer) {
                    nextTimer = now + TIMER_NANOS;
                    for (RtpSession open : sessions) {
                        if (!open.isClosed()) open.rtcpAgent.tick(now);
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (running) Logger.error(e, "{}: receive loop error (continuing)", name);
            }
        }
        try { selector.close(); } catch (IOException ignored) { /* closing */ }
        Runnable r;
        while ((r = afterDeregister.poll()) != null) r.run();
    }

    private void registerNow(RtpSession s) {
        try {
            s.rtpChannel().register(selector, SelectionKey.OP_READ, new Target(s, false));
            s.rtcpChannel().register(selector, SelectionKey.OP_READ, new Target(s, true));
        } catch (ClosedChannelException e) {
            // closed before we got to it
        }
    }

    private record Target(RtpSession session, boolean rtcp) {}

    private void drain(SelectionKey key) {
        Target t = (Target) key.attachment();
        DatagramChannel ch = (DatagramChannel) key.channel();
        for (int i = 0; i < DRAIN_LIMIT; i++) {
            buf.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) ch.receive(buf);
            } catch (IOException e) {
                return; // closed under us, or an ICMP error surfaced: nothing to read
            }
            if (from == null) return;
            try {
                if (t.rtcp()) t.session().receiveRtcp(data, buf.position(), from);
                else t.session().receiveRtp(data, buf.position(), from);
            } catch (RuntimeException e) {
                Logger.warn(e, "{}: dropped a packet that broke its session ({})", name, t.session());
            }
        }
    }

    /**
     * Runs {@code whenFree} once the selector has dropped the keys of channels just closed: NIO
     * keeps a registered channel's socket open until then, so its port is not free before. Does not
     * wait: the caller is the engine thread ending a call, which must not stall every port's 20 ms
     * tick on a selector round trip (a call flood ending 400 calls a second did exactly that); the
     * port simply stays taken until the loop's next turn.
     */
    void afterDeregistration(Runnable whenFree) {
        Thread t;
        synchronized (this) { t = thread; }
        if (t == null || !running || Thread.currentThread() == t) {
            whenFree.run();
            return;
        }
        afterDeregister.add(whenFree);
        selector.wakeup();
        if (!running) { // stopped meanwhile: the loop's final drain may have run already
            Runnable r;
            while ((r = afterDeregister.poll()) != null) r.run();
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (selector != null) selector.wakeup();
        if (thread != null) {
            try { thread.join(1000); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
        }
    }
}
