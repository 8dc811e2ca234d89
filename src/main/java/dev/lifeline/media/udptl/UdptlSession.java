package dev.lifeline.media.udptl;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tinylog.Logger;

/**
 * T.38 over UDPTL on one UDP socket: each IFP goes out in its own packet carrying the last {@code
 * depth} IFPs as redundancy (T38FaxUdpEC = t38UDPRedundancy), so the far end rebuilds lost packets
 * from later ones; received packets are turned back into IFPs in order by {@link UdptlReceiver}.
 *
 * <p>Everything is bounded: the sender keeps {@code depth} IFPs; a datagram is never larger than
 * {@code maxDatagram} (redundancy is cut to fit, an IFP that cannot fit alone is refused); the
 * receiver keeps one sequence number; one {@link #receive} call reads at most {@link
 * #MAX_READS_PER_CALL} datagrams, so a flood cannot hold the media tick. Datagrams from any
 * address other than the peer's are dropped and counted.
 *
 * <p>Non-blocking: {@link #receive} takes what the socket holds now, as the 20 ms tick wants.
 */
public final class UdptlSession implements AutoCloseable {
    public static final int MAX_READS_PER_CALL = 256;
    /** The largest redundancy depth offered; more adds bandwidth and no real protection. */
    public static final int MAX_DEPTH = 8;
    /** The most copies of one datagram {@link #send(byte[], int)} sends. */
    public static final int MAX_REPEATS = 8;

    /** Counters for status and tests. */
    public record Stats(long sent, long received, long delivered, long recovered, long lost, long duplicates, long malformed,
                        long foreign, long simulatedDrops) {}

    private final String name;
    private final DatagramChannel channel;
    private SocketAddress peer;
    private final int depth;
    private final int maxDatagram;
    private final ArrayDeque<byte[]> history = new ArrayDeque<>();
    private final UdptlReceiver receiver = new UdptlReceiver();
    private final ByteBuffer rx = ByteBuffer.allocate(65536);
    private int nextSeq;
    private long sent, received, malformed, foreign, simulatedDrops;
    private Random loss;
    private double lossRate;

    /**
     * Binds {@code local} (port 0 for any) and sends to {@code peer}.
     *
     * @param name the call or port this session belongs to, for its log lines
     * @param depth redundant IFPs per packet, 0..{@link #MAX_DEPTH}
     * @param maxDatagram the far end's T38FaxMaxDatagram (bytes of UDPTL payload), at least 64
     */
    public UdptlSession(String name, InetSocketAddress local, InetSocketAddress peer, int depth, int maxDatagram) throws IOException {
        this(name, local, depth, maxDatagram);
        peer(peer);
    }

    /**
     * Binds {@code local} before the far end's address is known (an SDP offer names the local port
     * first); nothing is sent or taken until {@link #peer} is set.
     */
    public UdptlSession(String name, InetSocketAddress local, int depth, int maxDatagram) throws IOException {
        this(name, bound(local), depth, maxDatagram);
    }

    /**
     * On a channel already bound (a port of the gateway's media range), set non-blocking here;
     * the session closes it.
     */
    public UdptlSession(String name, DatagramChannel bound, int depth, int maxDatagram) throws IOException {
        if (depth < 0 || depth > MAX_DEPTH || maxDatagram < 64 || maxDatagram > 65507) {
            bound.close();
            if (depth < 0 || depth > MAX_DEPTH) throw new IllegalArgumentException("redundancy depth " + depth + " outside 0.." + MAX_DEPTH);
            throw new IllegalArgumentException("max datagram " + maxDatagram + " outside 64..65507");
        }
        this.name = name;
        this.depth = depth;
        this.maxDatagram = maxDatagram;
        this.channel = bound;
        try {
            channel.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static DatagramChannel bound(InetSocketAddress local) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            return ch.bind(local);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The far end's address (from its SDP): the only source taken, and where packets go. */
    public synchronized void peer(InetSocketAddress peer) {
        this.peer = java.util.Objects.requireNonNull(peer, "peer");
        Logger.info("{}: UDPTL session {} -> {}, redundancy depth {}, max datagram {}", name, localAddress(), peer, depth, maxDatagram);
    }

    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(name + ": UDPTL socket closed", e);
        }
    }

    /**
     * Drops each outgoing datagram with probability {@code rate} (a seeded random): what a lossy
     * network does, for the loss tests and the bench. Off (0) unless set.
     */
    public synchronized void simulateLoss(double rate, long seed) {
        if (rate < 0 || rate >= 1) throw new IllegalArgumentException("loss rate " + rate + " outside [0, 1)");
        this.lossRate = rate;
        this.loss = rate == 0 ? null : new Random(seed);
    }

    /** Sends one IFP once; see {@link #send(byte[], int)}. */
    public boolean send(byte[] ifp) throws IOException { return send(ifp, 1); }

    /**
     * Sends one IFP with as many of the previous IFPs as fit in the datagram, {@code repeats} times
     * (the same datagram, same sequence number: the receiver keeps the first that arrives).
     *
     * @return false when the IFP alone is larger than the far end takes (refused, not sent)
     */
    public synchronized boolean send(byte[] ifp, int repeats) throws IOException {
        if (ifp.length == 0) throw new IllegalArgumentException("empty IFP");
        if (repeats < 1 || repeats > MAX_REPEATS) throw new IllegalArgumentException("repeats " + repeats + " outside 1.." + MAX_REPEATS);
        if (peer == null) throw new IllegalStateException(name + ": UDPTL peer not known yet");
        List<byte[]> secondary = new ArrayList<>(history);
        byte[] wire;
        while (true) {
            wire = UdptlPacket.of(nextSeq, ifp, secondary).encode();
            if (wire.length <= maxDatagram) break;
            if (secondary.isEmpty()) {
                Logger.warn("{}: UDPTL IFP of {} bytes exceeds the far end's max datagram {}; dropped", name, ifp.length, maxDatagram);
                return false;
            }
            secondary.remove(secondary.size() - 1);
        }
        nextSeq = (nextSeq + 1) & 0xffff;
        if (depth > 0) {
            history.addFirst(ifp.clone());
            while (history.size() > depth) history.removeLast();
        }
        for (int i = 0; i < repeats; i++) {
            if (loss != null && loss.nextDouble() < lossRate) {
                simulatedDrops++;
                continue;
            }
            channel.send(ByteBuffer.wrap(wire), peer);
            sent++;
        }
        return true;
    }

    /**
     * Reads what the socket holds now (at most {@link #MAX_READS_PER_CALL} datagrams) and delivers
     * the IFPs in order, recovered ones included; returns how many were delivered.
     */
    public synchronized int receive(UdptlReceiver.Delivery out) throws IOException {
        int before = (int) receiver.delivered;
        for (int i = 0; i < MAX_READS_PER_CALL; i++) {
            rx.clear();
            SocketAddress from = channel.receive(rx);
            if (from == null) break;
            if (peer == null || !from.equals(peer)) {
                foreign++;
                continue;
            }
            received++;
            rx.flip();
            try {
                receiver.accept(UdptlPacket.decode(rx.array(), 0, rx.limit()), out);
            } catch (UdptlFormatException e) {
                if (malformed++ == 0) Logger.warn("{}: malformed UDPTL packet from {} dropped ({}); further ones are counted", name, from, e.getMessage());
            }
        }
        return (int) receiver.delivered - before;
    }

    public synchronized Stats stats() {
        return new Stats(sent, received, receiver.delivered, receiver.recovered, receiver.lost, receiver.duplicates, malformed, foreign,
                simulatedDrops);
    }

    @Override public synchronized void close() throws IOException {
        if (!channel.isOpen()) return;
        channel.close();
        Stats s = stats();
        Logger.info("{}: UDPTL session closed: {} sent, {} received, {} recovered, {} lost", name, s.sent(), s.received(), s.recovered(), s.lost());
    }

    /** The redundancy depth this session sends. */
    public int depth() { return depth; }
}
