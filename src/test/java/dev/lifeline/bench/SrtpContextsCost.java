package dev.lifeline.bench;

import dev.lifeline.dsp.Srtp;
import java.security.SecureRandom;

/**
 * Why SRTP costs ten times more per packet under load (bench part g2) than in
 * {@code dev.lifeline.dsp.SrtpCost}: the same protect + unprotect of a 172-byte RTP packet, but
 * round-robin over K context pairs (K calls' legs), as a gateway carrying K SRTP legs does, on one
 * thread and on two (each thread its own contexts, as a leg's sender is one thread; K = 1 on two
 * threads means one pair each). Prints CPU-µs per packet (protect + unprotect) for each K.
 *
 * <pre>SrtpContextsCost [packets-per-K] [K...]</pre>
 */
public final class SrtpContextsCost {
    private SrtpContextsCost() {}

    public static void main(String[] args) throws Exception {
        int packets = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int[] ks = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {1, 10, 100, 400};
        for (int k : ks) {
            System.out.printf("K=%4d  one thread %.2f us/packet, two threads %.2f us/packet%n", k, run(k, packets, 1), run(k, packets, 2));
        }
    }

    /** µs per packet round trip with {@code threads} threads, each cycling over its share of {@code k} pairs. */
    private static double run(int contexts, int packets, int threads) throws Exception {
        int k = Math.max(contexts, threads); // a context is one thread's (its sequence numbers, like one leg's sender)
        Srtp[] tx = new Srtp[k], rx = new Srtp[k];
        SecureRandom r = new SecureRandom();
        for (int i = 0; i < k; i++) {
            byte[] key = new byte[30];
            r.nextBytes(key);
            tx[i] = Srtp.outbound(Srtp.Suite.AES_CM_128_HMAC_SHA1_80, key);
            rx[i] = Srtp.inbound(Srtp.Suite.AES_CM_128_HMAC_SHA1_80, key);
        }
        try {
            Thread[] ts = new Thread[threads];
            java.util.concurrent.atomic.AtomicLong cpu = new java.util.concurrent.atomic.AtomicLong();
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int t = 0; t < threads; t++) {
                int first = t;
                ts[t] = new Thread(() -> {
                    byte[] buf = new byte[12 + 160 + Srtp.MAX_OVERHEAD];
                    int[] seq = new int[k];
                    long c0 = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < packets / threads; i++) {
                        int c = first + (i % (k / threads)) * threads; // this thread's contexts only
                        buf[0] = (byte) 0x80;
                        buf[2] = (byte) (seq[c] >> 8);
                        buf[3] = (byte) seq[c];
                        buf[11] = (byte) c;
                        int n = tx[c].protectRtp(buf, 172);
                        if (rx[c].unprotectRtp(buf, n) != 172) throw new IllegalStateException("round trip failed");
                        seq[c] = (seq[c] + 1) & 0xFFFF;
                    }
                    cpu.addAndGet(mx.getCurrentThreadCpuTime() - c0);
                });
                ts[t].start();
            }
            for (Thread t : ts) t.join();
            return cpu.get() / 1000.0 / (packets / threads * threads); // thread CPU time: right on a busy box too
        } finally {
            for (int i = 0; i < k; i++) {
                tx[i].close();
                rx[i].close();
            }
        }
    }
}
