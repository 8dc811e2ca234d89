package dev.lifeline.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;

/**
 * A WAN you can cut without root: a UDP relay between the gateway and HQ on loopback. Two
 * sockets: {@code gatewayFacing} is where the gateway sends what it means for HQ (its upstream
 * server), {@code hqFacing} is where HQ sends what it means for the gateway. Every datagram
 * arriving on one is sent on from the other to the fixed peer; {@link #cut()} drops everything
 * both ways, {@link #restore()} passes again.
 *
 * <p>For the cut to be total, neither side may learn the other's real address: see {@link WanRig}
 * (HQ advertises the relay's gateway-facing socket, the gateway advertises the relay's HQ-facing
 * socket in its Path, and the HQ-facing socket sits on another loopback address with the gateway's
 * port number so that HQ's replies to the gateway's Via land on it). It relays SIP over UDP only:
 * no TCP, and no RTP (media between HQ and the branch would not be cut).
 */
public final class FaultRelay implements AutoCloseable {
    private final DatagramSocket gatewayFacing;
    private final DatagramSocket hqFacing;
    private final InetSocketAddress gateway;
    private final InetSocketAddress hq;
    private final AtomicLong passed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean cut;
    private volatile boolean closed;

    /**
     * @param gatewayFacingBind where the gateway reaches "HQ"
     * @param hqFacingBind      where HQ reaches "the gateway"
     * @param gateway           the gateway's real SIP address
     * @param hq                HQ's real SIP address
     */
    public FaultRelay(InetSocketAddress gatewayFacingBind, InetSocketAddress hqFacingBind, InetSocketAddress gateway,
                      InetSocketAddress hq) throws SocketException {
        this.gatewayFacing = new DatagramSocket(gatewayFacingBind);
        try {
            this.hqFacing = new DatagramSocket(hqFacingBind);
        } catch (SocketException e) {
            gatewayFacing.close();
            throw e;
        }
        this.gateway = gateway;
        this.hq = hq;
        Thread.ofVirtual().name("relay-to-hq").start(() -> pump(gatewayFacing, hqFacing, hq));
        Thread.ofVirtual().name("relay-to-gateway").start(() -> pump(hqFacing, gatewayFacing, gateway));
    }

    /** The address the gateway uses for HQ. */
    public InetSocketAddress gatewayFacing() { return (InetSocketAddress) gatewayFacing.getLocalSocketAddress(); }

    /** The address HQ uses for the gateway. */
    public InetSocketAddress hqFacing() { return (InetSocketAddress) hqFacing.getLocalSocketAddress(); }

    public void cut() { cut = true; }

    public void restore() { cut = false; }

    public boolean isCut() { return cut; }

    public long passed() { return passed.get(); }

    public long dropped() { return dropped.get(); }

    private void pump(DatagramSocket in, DatagramSocket out, InetSocketAddress to) {
        byte[] buf = new byte[65_535];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                in.receive(p);
                if (cut) {
                    dropped.incrementAndGet();
                    continue;
                }
                out.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), to));
                passed.incrementAndGet();
            } catch (IOException e) {
                if (!closed) Logger.debug("relay: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        gatewayFacing.close();
        hqFacing.close();
    }
}
