package dev.lifeline.dsp;

import java.security.SecureRandom;

/**
 * What SRTP adds per packet: protecting one 20 ms G.711 packet (12-byte header + 160 bytes)
 * and unprotecting it again (what one call leg does for each packet it sends and receives),
 * through JNI into libsrtp2, per suite. A plain timing loop after a warm-up, no JMH: the
 * number sizes the CPU for concurrent SRTP calls (docs/benchmarks.md), it is not a
 * micro-architecture study.
 */
public final class SrtpCost {
    private SrtpCost() {}

    /** Protect + unprotect of {@code packets} packets of {@code suite} after a warm-up; microseconds per packet (both together). */
    public static double microsPerPacket(Srtp.Suite suite, int packets) {
        if (packets <= 0) throw new IllegalArgumentException("packets must be positive");
        byte[] key = new byte[suite.keyLength()];
        new SecureRandom().nextBytes(key);
        try (Srtp tx = Srtp.outbound(suite, key); Srtp rx = Srtp.inbound(suite, key)) {
            byte[] buf = new byte[12 + 160 + Srtp.MAX_OVERHEAD];
            int warm = Math.min(packets, 20_000);
            int seq = 0;
            for (int i = 0; i < warm; i++) seq = roundTrip(tx, rx, buf, seq);
            long t0 = System.nanoTime();
            for (int i = 0; i < packets; i++) seq = roundTrip(tx, rx, buf, seq);
            long t1 = System.nanoTime();
            return (t1 - t0) / 1000.0 / packets;
        }
    }

    private static int roundTrip(Srtp tx, Srtp rx, byte[] buf, int seq) {
        buf[0] = (byte) 0x80;
        buf[2] = (byte) (seq >> 8);
        buf[3] = (byte) seq;
        buf[11] = 1;
        int n = tx.protectRtp(buf, 172);
        if (rx.unprotectRtp(buf, n) != 172) throw new IllegalStateException("round trip failed");
        return (seq + 1) & 0xFFFF;
    }

    /** Prints µs per packet for each suite: {@code java -cp ... dev.lifeline.dsp.SrtpCost [packets]}. */
    public static void main(String[] args) {
        int packets = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        for (Srtp.Suite s : Srtp.Suite.values()) {
            if (!Srtp.isSupported(s)) {
                System.out.printf("%-24s not built into this libsrtp2%n", s);
                continue;
            }
            double us = microsPerPacket(s, packets);
            // a call leg sends and receives 50 packets a second each way
            System.out.printf("%-24s %.2f us/packet (protect + unprotect, 172-byte RTP) = %.2f %% of one core per call leg%n",
                    s, us, us * 50 / 10_000.0);
        }
    }
}
