package dev.lifeline.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** A port free on loopback for both UDP and TCP (SIP listens on both with one number). */
public final class FreePorts {
    private FreePorts() {}

    /**
     * Below the RTP range (16384–32767) and the kernel's ephemeral range (32768–60999), above the
     * well-known ports tests name (5060, 7547, 8883): a port here is never handed to an outgoing
     * connection between our check and the peer's bind.
     */
    private static final int QUIET_LOW = 10_000, QUIET_HIGH = 16_382;
    private static final AtomicInteger quietCursor =
            new AtomicInteger(QUIET_LOW + 2 * ThreadLocalRandom.current().nextInt((QUIET_HIGH - QUIET_LOW) / 2));

    public static int udpAndTcp() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int p = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(p, InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP");
    }

    /**
     * A port {@code p} free for UDP and TCP with {@code p + 1} free for TCP, outside the ephemeral
     * range: for baresip, whose SIP/TLS transport listens on the port above its {@code sip_listen}.
     * A pair from {@link #udpAndTcp} has {@code p + 1} in the ephemeral range, where the next
     * outgoing connection (the gateway's HTTP to an ACS, say) can take it before baresip binds.
     */
    public static int udpAndTcpWithTcpAbove() throws IOException {
        for (int i = 0; i < 200; i++) {
            int p = quietCursor.getAndUpdate(c -> c + 2 >= QUIET_HIGH ? QUIET_LOW : c + 2);
            try (ServerSocket tcp = new ServerSocket(p, 1, InetAddress.getLoopbackAddress());
                 DatagramSocket udp = new DatagramSocket(p, InetAddress.getLoopbackAddress());
                 ServerSocket above = new ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException taken) {
                // try the next
            }
        }
        throw new IOException("no port pair free below the RTP range");
    }

    /**
     * An even UDP port with the three above it free too, outside the ephemeral range: SIPp binds
     * {@code -mp} for audio RTP, +1 for its RTCP and +2/+3 for video, and fails with "Address
     * already in use" when any is taken.
     */
    public static int sippMediaBase() throws IOException {
        for (int i = 0; i < 200; i++) {
            int p = quietCursor.getAndUpdate(c -> c + 4 >= QUIET_HIGH ? QUIET_LOW : c + 4);
            try (DatagramSocket a = new DatagramSocket(p, InetAddress.getLoopbackAddress());
                 DatagramSocket b = new DatagramSocket(p + 1, InetAddress.getLoopbackAddress());
                 DatagramSocket c = new DatagramSocket(p + 2, InetAddress.getLoopbackAddress());
                 DatagramSocket d = new DatagramSocket(p + 3, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException taken) {
                // try the next
            }
        }
        throw new IOException("no four free UDP ports below the RTP range");
    }
}
