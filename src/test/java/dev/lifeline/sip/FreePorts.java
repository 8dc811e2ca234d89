package dev.lifeline.sip;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
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
        return quiet(2, (p, open) -> {
            open.add(new ServerSocket(p, 1, LOOPBACK));
            open.add(new DatagramSocket(p, LOOPBACK));
            open.add(new ServerSocket(p + 1, 1, LOOPBACK));
        });
    }

    /**
     * An even UDP port with the three above it free too, outside the ephemeral and RTP ranges: a
     * peer's media ports. SIPp binds {@code -mp} for audio RTP, +1 for its RTCP and +2/+3 for
     * video, and fails with "Address already in use" when any is taken; baresip's
     * {@code rtp_ports} range, picked here, lets a capture tell its packets apart.
     */
    public static int mediaBlock() throws IOException {
        return quiet(4, (p, open) -> {
            for (int i = 0; i < 4; i++) open.add(new DatagramSocket(p + i, LOOPBACK));
        });
    }

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Opens the sockets a port needs into {@code open}, throwing when one is taken. */
    private interface Binds {
        void at(int port, List<Closeable> open) throws IOException;
    }

    /** The next even port of the quiet range (stepping {@code step}) where {@code binds} succeeds. */
    private static int quiet(int step, Binds binds) throws IOException {
        for (int i = 0; i < 200; i++) {
            int p = quietCursor.getAndUpdate(c -> c + step >= QUIET_HIGH ? QUIET_LOW : c + step);
            List<Closeable> open = new ArrayList<>();
            try {
                binds.at(p, open);
                return p;
            } catch (IOException taken) {
                // try the next
            } finally {
                for (Closeable c : open) c.close();
            }
        }
        throw new IOException("no free ports below the RTP range");
    }
}
