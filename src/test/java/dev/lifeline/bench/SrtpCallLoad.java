package dev.lifeline.bench;

import dev.lifeline.dsp.Srtp;
import dev.lifeline.media.rtp.Codec;
import dev.lifeline.media.sdp.CryptoAttribute;
import dev.lifeline.media.sdp.SessionDescription;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Concurrent relayed calls with SDES-SRTP (or plain RTP, for the comparison in the same run) for
 * {@code scripts/bench} part g2, where SIPp (no SRTP in 3.6) cannot be the phones: N calls from
 * extension 7000 to 7001 (answered by {@link LoadCallee}, whose contact the bench registers) start
 * within {@code ramp-s}; each sends {@code seconds} of 20 ms PCMA packets (a 1 kHz tone; with
 * SRTP protected with a fresh AES_CM_128_HMAC_SHA1_80 key per call, offered as RTP/SAVP) from its
 * own port, paced by one ticker thread like SIPp's pcap play, then hangs up half a second later.
 * The gateway relays to the callee, which echoes back, and the gateway relays the echo to the
 * caller, as in part g. Quality is read by the bench from the gateway's CDRs, the same way as in
 * part g; this program prints one JSON line with what it saw itself: calls answered and failed,
 * packets sent, packets the callers got from the gateway (authenticated, for SRTP; the gateway
 * sends 50/s for as long as a call is up) and refused, and what the callee echoed and refused.
 *
 * <pre>SrtpCallLoad --gateway 127.0.0.1:PORT --calls N [--seconds 10] [--ramp-s 2] --srtp on|off --callee-port P</pre>
 *
 * The callee listens for SIP on {@code P}, the port of the contact the bench registered for 7001
 * once for all its steps (one run of this program per step, plain and SRTP alike).
 */
public final class SrtpCallLoad {
    private static final String USER = "7000", PASSWORD = "lifeline7000", CALLED = "7001";
    private static final List<Media> ACTIVE = new CopyOnWriteArrayList<>();
    private static final AtomicInteger ANSWERED = new AtomicInteger(), FAILED = new AtomicInteger();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The ticker's own health (is jitter ours or the gateway's?) and what SRTP costs here, per operation, under load. */
    private static long ticks, lateTicks, maxLagNanos, srtpNanos, srtpOps;

    /** One call's media from the caller's side. */
    private static final class Media {
        final DatagramChannel rtp;
        final InetSocketAddress to;
        final Srtp out, in;
        final int ssrc = RANDOM.nextInt();
        final int packets;
        int seq = RANDOM.nextInt(1 << 15), sent;
        long received, refused;

        Media(DatagramChannel rtp, InetSocketAddress to, Srtp out, Srtp in, int packets) {
            this.rtp = rtp;
            this.to = to;
            this.out = out;
            this.in = in;
            this.packets = packets;
        }
    }

    private SrtpCallLoad() {}

    public static void main(String[] args) throws Exception {
        String gw = opt(args, "--gateway", null);
        InetSocketAddress gateway = new InetSocketAddress(gw.substring(0, gw.lastIndexOf(':')), Integer.parseInt(gw.substring(gw.lastIndexOf(':') + 1)));
        int calls = Integer.parseInt(opt(args, "--calls", "10"));
        int seconds = Integer.parseInt(opt(args, "--seconds", "10"));
        double ramp = Double.parseDouble(opt(args, "--ramp-s", "2"));
        boolean srtp = opt(args, "--srtp", "on").equals("on");
        int calleePort = Integer.parseInt(opt(args, "--callee-port", null));
        try (LoadCallee callee = new LoadCallee(srtp, calleePort); LoadCaller caller = new LoadCaller(gateway, USER, PASSWORD)) {
            Thread pump = Thread.ofPlatform().name("caller-media").start(() -> pump(calls));
            List<Thread> threads = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                long at = t0 + (long) (i * ramp * 1e9 / calls);
                LockSupport.parkNanos(at - System.nanoTime());
                threads.add(Thread.ofVirtual().start(() -> call(caller, srtp, seconds)));
            }
            for (Thread t : threads) t.join();
            pump.join(2000);
            long sent = 0, received = 0, refused = 0;
            for (Media m : DONE) {
                sent += m.sent;
                received += m.received;
                refused += m.refused;
            }
            System.out.printf("{\"mode\":\"%s\",\"calls\":%d,\"answered\":%d,\"failed\":%d,\"sent\":%d,\"received_at_callers\":%d,"
                            + "\"refused_at_callers\":%d,\"callee_echoed\":%d,\"callee_refused\":%d,\"ticks\":%d,"
                            + "\"ticks_late_over_5ms\":%d,\"tick_max_lag_ms\":%.1f,\"caller_srtp_us_per_op\":%.2f}%n",
                    srtp ? "srtp" : "plain", calls, ANSWERED.get(), FAILED.get(), sent, received, refused, callee.echoed(),
                    callee.refused(), ticks, lateTicks, maxLagNanos / 1e6, srtpOps == 0 ? 0.0 : srtpNanos / 1e3 / srtpOps);
        }
    }

    private static final List<Media> DONE = new CopyOnWriteArrayList<>();

    /** One call: INVITE (answering the 407), ACK, media until sent, BYE. */
    private static void call(LoadCaller caller, boolean srtp, int seconds) {
        Srtp out = null;
        try (DatagramChannel rtp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            rtp.configureBlocking(false);
            int port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
            byte[] key = new byte[30];
            RANDOM.nextBytes(key);
            String crypto = srtp ? "a=" + CryptoAttribute.of(1, "AES_CM_128_HMAC_SHA1_80", key).toSdp() + "\r\n" : "";
            String sdp = "v=0\r\no=load 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port
                    + (srtp ? " RTP/SAVP" : " RTP/AVP") + " 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                    + "a=fmtp:101 0-15\r\na=ptime:20\r\n" + crypto;
            LoadCaller.Dialog d = caller.invite(CALLED, sdp);
            if (d == null) {
                FAILED.incrementAndGet();
                return;
            }
            SessionDescription answer = SessionDescription.parse(d.ok().body());
            Srtp in = null;
            if (srtp) {
                CryptoAttribute theirs = answer.audio().cryptos().get(0);
                out = Srtp.outbound(Srtp.Suite.AES_CM_128_HMAC_SHA1_80, key);
                in = Srtp.inbound(Srtp.Suite.AES_CM_128_HMAC_SHA1_80, theirs.keySalt());
            }
            String host = answer.audioConnection();
            Media m = new Media(rtp, new InetSocketAddress(host, answer.audio().port()), out, in, seconds * 50);
            ANSWERED.incrementAndGet();
            ACTIVE.add(m);
            while (ACTIVE.contains(m)) Thread.sleep(50);
            Thread.sleep(500);
            drain(m);
            DONE.add(m);
            caller.bye(d);
            if (in != null) in.close();
        } catch (Exception e) {
            System.err.println("call: " + e);
            FAILED.incrementAndGet();
        } finally {
            if (out != null) out.close();
        }
    }

    /** Every 20 ms, one packet for every call in media; reads the echoes between ticks. */
    private static void pump(int calls) {
        byte[] payload = new byte[160];
        short[] tone = new short[160];
        for (int i = 0; i < 160; i++) tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
        Codec.PCMA.encode(tone, 0, 160, payload, 0);
        byte[] p = new byte[12 + 160 + Srtp.MAX_OVERHEAD];
        ByteBuffer rx = ByteBuffer.allocate(2048);
        long next = System.nanoTime();
        int finished = 0;
        while (finished < calls && (ANSWERED.get() + FAILED.get() < calls || !ACTIVE.isEmpty())) {
            for (Media m : ACTIVE) {
                p[0] = (byte) 0x80;
                p[1] = (byte) (8 | (m.sent == 0 ? 0x80 : 0));
                p[2] = (byte) (m.seq >> 8);
                p[3] = (byte) m.seq;
                long ts = 160L * m.sent;
                for (int i = 0; i < 4; i++) p[4 + i] = (byte) (ts >> (24 - 8 * i));
                for (int i = 0; i < 4; i++) p[8 + i] = (byte) (m.ssrc >> (24 - 8 * i));
                System.arraycopy(payload, 0, p, 12, 160);
                long c0 = System.nanoTime();
                int len = m.out == null ? 172 : m.out.protectRtp(p, 172);
                if (m.out != null) {
                    srtpNanos += System.nanoTime() - c0;
                    srtpOps++;
                }
                try {
                    m.rtp.send(ByteBuffer.wrap(p, 0, len), m.to);
                } catch (java.io.IOException e) {
                    System.err.println("send: " + e);
                }
                m.seq = (m.seq + 1) & 0xFFFF;
                if (++m.sent >= m.packets) {
                    ACTIVE.remove(m);
                    finished++;
                }
                drain(m, rx);
            }
            long lag = System.nanoTime() - next; // this tick's packets all sent this long after the tick was due
            ticks++;
            if (lag > 5_000_000L) lateTicks++;
            maxLagNanos = Math.max(maxLagNanos, lag);
            next += 20_000_000L;
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    /** The last packets of a call, on its own thread after the ticker let go of it: not timed (the counters are the ticker's). */
    private static void drain(Media m) { drain(m, ByteBuffer.allocate(2048), false); }

    private static void drain(Media m, ByteBuffer rx) { drain(m, rx, true); }

    private static void drain(Media m, ByteBuffer rx, boolean timed) {
        try {
            while (m.rtp.receive(rx.clear()) != null) {
                long c0 = System.nanoTime();
                boolean ok = m.in == null || m.in.unprotectRtp(rx.array(), rx.position()) >= 0;
                if (m.in != null && timed) {
                    srtpNanos += System.nanoTime() - c0;
                    srtpOps++;
                }
                if (ok) m.received++;
                else m.refused++;
            }
        } catch (java.io.IOException e) {
            // closed
        }
    }

    private static String opt(String[] args, String name, String def) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
        if (def == null) throw new IllegalArgumentException("usage: SrtpCallLoad --gateway HOST:PORT --calls N --srtp on|off --callee-port P");
        return def;
    }
}
