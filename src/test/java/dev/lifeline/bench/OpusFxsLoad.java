package dev.lifeline.bench;

import dev.lifeline.dsp.OpusEncoder;
import dev.lifeline.media.sdp.SessionDescription;
import dev.lifeline.testutil.Goertzel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Concurrent transcoded calls between analog phones and SIP phones on Opus, for issue #14's
 * "how many FXS↔Opus calls the box carries with < 1 % late frames" ({@code scripts/bench
 * --opus-calls-only}, scripts/lib/bench-opus-calls.sh). N sim phones (fxs1..fxsN, extensions
 * 6000..) answer on the first ring and say a 1 kHz tone; N calls from SIP user 7000 offer only
 * {@code opus/48000/2} (so the gateway must decode and encode every frame, with resampling and
 * the lines' echo cancellers) and send 20 ms Opus packets of a 1 kHz tone, paced by one ticker.
 *
 * <p>A frame is <em>late</em> when it arrives more than one frame time (20 ms) after its slot,
 * the slot being its position in the stream (RTP timestamp, or frame count on the line) from the
 * stream's best-case arrival: it would miss a one-frame jitter buffer. Measured in both
 * directions: the gateway's RTP to the SIP side (timestamped by a selector thread on arrival)
 * and the gateway's frames to the analog phones (timestamped by each line's reader). Also: the
 * share of phones that heard the caller's 1 kHz through the transcoding.
 *
 * <pre>OpusFxsLoad --gateway 127.0.0.1:SIPPORT --sim HOST:PORT --calls N [--seconds 10] [--ramp-s 2]</pre>
 * prints one JSON line.
 */
public final class OpusFxsLoad {
    private static final long FRAME_NANOS = 20_000_000L;
    private static final List<Call> ACTIVE = new CopyOnWriteArrayList<>();
    private static final AtomicInteger ANSWERED = new AtomicInteger(), FAILED = new AtomicInteger();

    /** One call's RTP from the SIP side. */
    private static final class Call {
        final DatagramChannel rtp;
        final int ssrc = (int) System.nanoTime();
        final int packets;
        volatile long answeredAt = Long.MAX_VALUE;
        int seq, sent;
        final List<long[]> arrivals = new ArrayList<>(); // {nanos, rtp timestamp}

        Call(DatagramChannel rtp, int packets) {
            this.rtp = rtp;
            this.packets = packets;
        }

        volatile InetSocketAddress to;
    }

    private OpusFxsLoad() {}

    public static void main(String[] args) throws Exception {
        String gw = opt(args, "--gateway", null), sim = opt(args, "--sim", null);
        InetSocketAddress gateway = address(gw);
        InetSocketAddress simAddr = address(sim);
        int calls = Integer.parseInt(opt(args, "--calls", "4"));
        int seconds = Integer.parseInt(opt(args, "--seconds", "10"));
        double ramp = Double.parseDouble(opt(args, "--ramp-s", "2"));
        byte[][] opus = opusTone();
        List<MouthToEarBench.Line> lines = new ArrayList<>();
        List<List<MouthToEarBench.Heard>> heard = new CopyOnWriteArrayList<>();
        try (LoadCaller caller = new LoadCaller(gateway, "7000", "lifeline7000"); Selector selector = Selector.open()) {
            for (int k = 1; k <= calls; k++) lines.add(MouthToEarBench.Line.open(simAddr.getHostString(), simAddr.getPort(), "fxs" + k));
            List<Thread> threads = new ArrayList<>();
            for (MouthToEarBench.Line line : lines) {
                threads.add(Thread.ofVirtual().start(() -> answer(line, seconds, heard)));
            }
            Thread receiver = Thread.ofPlatform().daemon().name("rtp-receiver").start(() -> receive(selector));
            Thread pump = Thread.ofPlatform().name("caller-media").start(() -> pump(calls, opus));
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                LockSupport.parkNanos(t0 + (long) (i * ramp * 1e9 / calls) - System.nanoTime());
                String number = String.valueOf(6000 + i);
                threads.add(Thread.ofVirtual().start(() -> call(caller, selector, number, seconds)));
            }
            for (Thread t : threads) t.join();
            pump.join(2000);
            receiver.interrupt();
            report(calls, heard);
        } finally {
            for (MouthToEarBench.Line l : lines) l.close();
        }
    }

    private static final List<Call> DONE = new CopyOnWriteArrayList<>();

    /** The phone: off hook on the first ring, says 1 kHz, records what it hears, hangs up when the caller has. */
    private static void answer(MouthToEarBench.Line line, int seconds, List<List<MouthToEarBench.Heard>> heard) {
        try {
            if (!line.awaitEvent("RING ON", 20_000)) return;
            line.startRecording();
            line.sendEvent("OFFHOOK");
            line.say(MouthToEarBench.sine(1000, 6000, 8000 * (seconds + 1)));
            heard.add(line.stopRecording());
            line.sendEvent("ONHOOK");
        } catch (Exception e) {
            System.err.println("phone: " + e);
        }
    }

    private static void call(LoadCaller caller, Selector selector, String number, int seconds) {
        try (DatagramChannel rtp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            rtp.configureBlocking(false);
            int port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
            String sdp = "v=0\r\no=load 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port
                    + " RTP/AVP 111 101\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1\r\n"
                    + "a=rtpmap:101 telephone-event/48000\r\na=fmtp:101 0-15\r\na=ptime:20\r\n";
            Call c = new Call(rtp, seconds * 50);
            synchronized (selector) { // timestamped from the first packet on, early media too
                selector.wakeup();
                rtp.register(selector, SelectionKey.OP_READ, c);
            }
            LoadCaller.Dialog d = caller.invite(number, sdp);
            if (d == null) {
                FAILED.incrementAndGet();
                return;
            }
            c.answeredAt = System.nanoTime();
            SessionDescription answer = SessionDescription.parse(d.ok().body());
            c.to = new InetSocketAddress(answer.audioConnection(), answer.audio().port());
            ANSWERED.incrementAndGet();
            ACTIVE.add(c);
            while (ACTIVE.contains(c)) Thread.sleep(50);
            Thread.sleep(300);
            DONE.add(c);
            caller.bye(d);
        } catch (Exception e) {
            System.err.println("call " + number + ": " + e);
            FAILED.incrementAndGet();
        }
    }

    /** Timestamps every RTP packet from the gateway on arrival. */
    private static void receive(Selector selector) {
        ByteBuffer b = ByteBuffer.allocate(2048);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                selector.select(100);
                synchronized (selector) { } // let a registration in
                for (SelectionKey k : selector.selectedKeys()) {
                    Call c = (Call) k.attachment();
                    while (c.rtp.receive(b.clear()) != null) {
                        long now = System.nanoTime();
                        if (b.position() < 12 || (b.get(1) & 0x7F) != 111) continue;
                        long ts = ((b.get(4) & 0xFFL) << 24) | ((b.get(5) & 0xFFL) << 16) | ((b.get(6) & 0xFFL) << 8) | (b.get(7) & 0xFFL);
                        synchronized (c.arrivals) {
                            c.arrivals.add(new long[] {now, ts});
                        }
                    }
                }
                selector.selectedKeys().clear();
            } catch (java.nio.channels.ClosedSelectorException e) {
                return;
            } catch (Exception e) {
                // a call's channel closed under us: the others go on
            }
        }
    }

    /** Every 20 ms, one Opus packet for every call in media. */
    private static void pump(int calls, byte[][] opus) {
        byte[] p = new byte[12 + 1500];
        long next = System.nanoTime();
        while (ANSWERED.get() + FAILED.get() < calls || !ACTIVE.isEmpty()) {
            for (Call c : ACTIVE) {
                byte[] payload = opus[c.sent % opus.length];
                p[0] = (byte) 0x80;
                p[1] = (byte) (111 | (c.sent == 0 ? 0x80 : 0));
                p[2] = (byte) (c.seq >> 8);
                p[3] = (byte) c.seq;
                long ts = 960L * c.sent;
                for (int i = 0; i < 4; i++) p[4 + i] = (byte) (ts >> (24 - 8 * i));
                for (int i = 0; i < 4; i++) p[8 + i] = (byte) (c.ssrc >> (24 - 8 * i));
                System.arraycopy(payload, 0, p, 12, payload.length);
                try {
                    c.rtp.send(ByteBuffer.wrap(p, 0, 12 + payload.length), c.to);
                } catch (java.io.IOException e) {
                    System.err.println("send: " + e);
                }
                c.seq = (c.seq + 1) & 0xFFFF;
                if (++c.sent >= c.packets) ACTIVE.remove(c);
            }
            next += FRAME_NANOS;
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    /** One second of a 1 kHz tone as 50 Opus packets (16 kHz, 24 kbit/s), sent round and round. */
    private static byte[][] opusTone() {
        byte[][] out = new byte[50][];
        byte[] buf = new byte[1500];
        short[] wide = new short[320];
        try (OpusEncoder enc = new OpusEncoder(new OpusEncoder.Settings(16000, 24000, true, 5, 0, 5))) {
            for (int i = 0; i < 50; i++) {
                for (int j = 0; j < 320; j++) wide[j] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * (i * 320 + j) / 16000.0));
                int n = enc.encode(wide, 0, 320, buf, 0, buf.length);
                out[i] = Arrays.copyOf(buf, n);
            }
        }
        return out;
    }

    private static void report(int calls, List<List<MouthToEarBench.Heard>> heard) {
        long rtpExpected = 0, rtpReceived = 0, rtpLate = 0;
        for (Call c : DONE) {
            List<long[]> a = new ArrayList<>();
            synchronized (c.arrivals) {
                for (long[] x : c.arrivals) if (x[0] >= c.answeredAt) a.add(x); // early media aside
            }
            if (a.isEmpty()) continue;
            rtpExpected += (a.get(a.size() - 1)[1] - a.get(0)[1]) / 960 + 1;
            rtpReceived += a.size();
            rtpLate += late(a.stream().map(x -> new long[] {x[0], x[1] * 1_000_000_000L / 48_000}).toList());
        }
        long lineFrames = 0, lineLate = 0;
        int withTone = 0;
        for (List<MouthToEarBench.Heard> h : heard) {
            List<long[]> slots = new ArrayList<>();
            for (int i = 0; i < h.size(); i++) slots.add(new long[] {h.get(i).nanos(), i * FRAME_NANOS});
            lineFrames += h.size();
            lineLate += late(slots);
            if (heardTone(h)) withTone++;
        }
        System.out.printf("{\"calls\":%d,\"answered\":%d,\"failed\":%d,\"rtp_expected\":%d,\"rtp_received\":%d,\"rtp_late\":%d,"
                        + "\"rtp_late_pct\":%.3f,\"line_frames\":%d,\"line_late\":%d,\"line_late_pct\":%.3f,\"phones_heard_caller\":%d}%n",
                calls, ANSWERED.get(), FAILED.get(), rtpExpected, rtpReceived, rtpLate, pct(rtpLate, rtpReceived),
                lineFrames, lineLate, pct(lineLate, lineFrames), withTone);
    }

    /** {arrival, slot} pairs: how many arrived more than a frame after their slot, from the stream's best case. */
    static long late(List<long[]> arrivals) {
        long best = Long.MAX_VALUE;
        for (long[] a : arrivals) best = Math.min(best, a[0] - a[1]);
        long late = 0;
        for (long[] a : arrivals) if (a[0] - a[1] - best > FRAME_NANOS) late++;
        return late;
    }

    /** The caller's 1 kHz is what the phone hears in the middle of the call. */
    private static boolean heardTone(List<MouthToEarBench.Heard> h) {
        if (h.size() < 100) return false;
        int hits = 0;
        for (int i = h.size() / 2; i < h.size() / 2 + 25; i++) {
            short[] pcm = h.get(i).pcm();
            if (Goertzel.dominant(pcm, 0, pcm.length, 1000, 0.5)) hits++;
        }
        return hits >= 20;
    }

    private static double pct(long part, long whole) { return whole == 0 ? 0 : 100.0 * part / whole; }

    private static InetSocketAddress address(String hostPort) {
        int c = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, c), Integer.parseInt(hostPort.substring(c + 1)));
    }

    private static String opt(String[] args, String name, String def) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
        if (def == null) throw new IllegalArgumentException("usage: OpusFxsLoad --gateway HOST:PORT --sim HOST:PORT --calls N [--seconds 10]");
        return def;
    }
}
