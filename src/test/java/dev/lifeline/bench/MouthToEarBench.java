package dev.lifeline.bench;

import dev.lifeline.hal.sim.SimFrame;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Benchmark programs run by {@code scripts/bench} against a gateway running as its own process.
 * They speak the sim line protocol (DESIGN §3.1) through a minimal client of their own, because
 * the measurement needs the arrival time of every frame and the exact send time of chosen frames.
 *
 * <pre>
 *   MouthToEarBench m2e  --sim HOST:PORT [--from fxs1] [--to fxs2] [--number 6001] [--bursts 20]
 *   MouthToEarBench idle --sim HOST:PORT [--ports fxs1,fxs2,fxs3,fxs4] [--hold SECONDS]
 * </pre>
 *
 * <p>{@code m2e}: calls {@code --from} → {@code --to} (DTMF dialling, the callee answers on the first
 * ring), then the caller says 1 kHz bursts (40 ms, every 500 ms), each starting on the first sample of
 * a frame. A burst's first sample was "spoken" one frame time before that frame was sent (a real
 * phone's capture fills the 20 ms frame first) and is "heard" when the frame that carries it
 * arrives, plus its offset in that frame. Delay = heard − spoken; so it includes the 20 ms frame
 * time, and {@code added_ms} = median − 20 is what the gateway adds. Prints one JSON line.
 *
 * <p>The sim driver takes one frame per 20 ms tick, so the wait for the tick depends on where the
 * device's frames fall against the gateway's tick — a phase that is random per call. To measure the
 * same way each time, the caller's frame schedule is moved 20 ms / bursts later before each burst,
 * so the bursts sweep one whole frame of phases.
 *
 * <p>{@code idle}: plugs phones into the ports, on hook, prints {@code connected} and holds them for
 * {@code --hold} seconds (the script reads the gateway's RSS meanwhile).
 */
public final class MouthToEarBench {
    static final int FRAME = SimFrame.SAMPLES_PER_FRAME;
    static final long FRAME_NANOS = 20_000_000L;

    private MouthToEarBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) usage();
        String mode = args[0];
        String sim = opt(args, "--sim", null);
        if (sim == null) usage();
        String host = sim.substring(0, sim.lastIndexOf(':'));
        int port = Integer.parseInt(sim.substring(sim.lastIndexOf(':') + 1));
        switch (mode) {
            case "m2e" -> mouthToEar(host, port, opt(args, "--from", "fxs1"), opt(args, "--to", "fxs2"),
                    opt(args, "--number", "6001"), Integer.parseInt(opt(args, "--bursts", "20")));
            case "idle" -> idle(host, port, opt(args, "--ports", "fxs1,fxs2,fxs3,fxs4").split(","),
                    Integer.parseInt(opt(args, "--hold", "15")));
            default -> usage();
        }
        System.exit(0);
    }

    private static void usage() {
        System.err.println("usage: MouthToEarBench m2e|idle --sim HOST:PORT [options] (see class javadoc)");
        System.exit(2);
    }

    private static String opt(String[] args, String name, String def) {
        for (int i = 1; i < args.length - 1; i++) if (args[i].equals(name)) return args[i + 1];
        return def;
    }

    // ---- idle ports ---------------------------------------------------------------------------

    static void idle(String host, int port, String[] ids, int holdSeconds) throws Exception {
        List<Line> lines = new ArrayList<>();
        for (String id : ids) lines.add(Line.open(host, port, id.trim()));
        System.out.println("connected " + ids.length);
        System.out.flush();
        Thread.sleep(holdSeconds * 1000L);
        for (Line l : lines) l.close();
    }

    // ---- mouth to ear -------------------------------------------------------------------------

    static void mouthToEar(String host, int port, String from, String to, String number, int bursts) throws Exception {
        try (Line a = Line.open(host, port, from); Line b = Line.open(host, port, to)) {
            Thread.sleep(100);
            a.sendEvent("OFFHOOK");
            Thread.sleep(400); // dial tone
            a.say(dtmf(number));
            if (!b.awaitEvent("RING ON", 5000)) throw new IllegalStateException(to + " did not ring after dialling " + number);
            b.sendEvent("OFFHOOK");
            Thread.sleep(1000); // connected; ringback and caller ID are over
            b.startRecording();

            final int period = 25;     // frames: 500 ms
            final int burstFrames = 2; // 40 ms
            short[] burst = sine(1000, 8000, burstFrames * FRAME);
            long[] sentAt = new long[bursts];
            long shift = FRAME_NANOS / bursts;
            for (int i = 0; i < bursts; i++) {
                if (i > 0) a.shiftPhase(shift);
                sentAt[i] = a.sayAtNextFrame(burst);
                Thread.sleep(period * 20L - 10);
            }
            Thread.sleep(500);
            List<Heard> heard = b.stopRecording();
            a.sendEvent("ONHOOK");
            b.sendEvent("ONHOOK");

            double[] delays = new double[bursts];
            int found = 0;
            for (int i = 0; i < bursts; i++) {
                long end = i + 1 < bursts ? sentAt[i + 1] : Long.MAX_VALUE;
                long onset = onset(heard, sentAt[i], end, 2000);
                if (onset < 0) continue;
                long spoken = sentAt[i] - FRAME_NANOS;
                delays[found++] = (onset - spoken) / 1e6;
            }
            StringBuilder each = new StringBuilder("bench: m2e per burst (ms):");
            for (int i = 0; i < found; i++) each.append(String.format(Locale.ROOT, " %.1f", delays[i]));
            System.err.println(each);
            double[] d = Arrays.copyOf(delays, found);
            Arrays.sort(d);
            if (found == 0) {
                System.out.println("{\"bursts\":" + bursts + ",\"detected\":0}");
                return;
            }
            double median = pct(d, 50);
            System.out.println(String.format(Locale.ROOT,
                    "{\"bursts\":%d,\"detected\":%d,\"median_ms\":%.1f,\"p95_ms\":%.1f,\"min_ms\":%.1f,\"max_ms\":%.1f,"
                            + "\"frame_ms\":20,\"added_ms\":%.1f}",
                    bursts, found, median, pct(d, 95), d[0], d[d.length - 1], median - 20));
        }
    }

    /** Arrival time (ns) of the first sample above {@code threshold} heard in [after, before). */
    static long onset(List<Heard> heard, long after, long before, int threshold) {
        for (Heard h : heard) {
            if (h.nanos < after || h.nanos >= before) continue;
            for (int k = 0; k < h.pcm.length; k++) {
                if (Math.abs(h.pcm[k]) >= threshold) return h.nanos + k * 125_000L;
            }
        }
        return -1;
    }

    static double pct(double[] sorted, int p) {
        double rank = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    static short[] sine(double hz, int amplitude, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / 8000));
        return s;
    }

    /** DTMF digits, 80 ms on / 80 ms off, each tone about -9 dBm0. */
    static short[] dtmf(String digits) {
        String keys = "123A456B789C*0#D";
        int[] lo = {697, 770, 852, 941};
        int[] hi = {1209, 1336, 1477, 1633};
        short[] out = new short[digits.length() * 1280 + 1280];
        for (int d = 0; d < digits.length(); d++) {
            int k = keys.indexOf(digits.charAt(d));
            if (k < 0) throw new IllegalArgumentException("not a DTMF digit: " + digits.charAt(d));
            for (int i = 0; i < 640; i++) {
                double v = 5000 * Math.sin(2 * Math.PI * lo[k / 4] * i / 8000) + 5000 * Math.sin(2 * Math.PI * hi[k % 4] * i / 8000);
                out[d * 1280 + i] = (short) Math.round(v);
            }
        }
        return out;
    }

    record Heard(long nanos, short[] pcm) {}

    /**
     * The device end of one sim line: a reader thread that timestamps every frame on arrival and a
     * sender thread that sends one 160-sample frame every 20 ms (silence unless something is said),
     * paced on an absolute schedule so it does not drift.
     */
    static final class Line implements AutoCloseable {
        private final String id;
        private final Socket socket;
        private final OutputStream out;
        private final DataInputStream in;
        private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        private final Object sayLock = new Object();
        private short[] saying = new short[0];
        private int sayPos;
        private long[] stampSlot; // set by sayAtNextFrame: receives the send time of the first frame
        private volatile List<Heard> recording;
        private volatile long phaseShift;
        private volatile boolean closed;
        private final Thread reader;
        private final Thread sender;

        private Line(String id, Socket socket) throws IOException {
            this.id = id;
            this.socket = socket;
            this.out = new BufferedOutputStream(socket.getOutputStream(), 4096);
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            reader = new Thread(this::readLoop, "bench-" + id + "-reader");
            sender = new Thread(this::sendLoop, "bench-" + id + "-sender");
            reader.setPriority(Thread.MAX_PRIORITY);
            sender.setPriority(Thread.MAX_PRIORITY);
        }

        static Line open(String host, int port, String id) throws IOException {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), 5000);
            Line l = new Line(id, s);
            l.sendEvent("HELLO " + id);
            l.reader.start();
            l.sender.start();
            return l;
        }

        void sendEvent(String text) throws IOException { send(SimFrame.event(text)); }

        private void send(SimFrame f) throws IOException {
            synchronized (out) {
                f.writeTo(out);
                out.flush();
            }
        }

        /** Says {@code pcm} from the next frame on (after anything still being said). */
        void say(short[] pcm) throws InterruptedException {
            synchronized (sayLock) {
                saying = pcm;
                sayPos = 0;
            }
            Thread.sleep(pcm.length / 8 + 60);
        }

        /** Says {@code pcm} starting at the first sample of the next frame; returns that frame's send time (ns). */
        long sayAtNextFrame(short[] pcm) throws InterruptedException {
            long[] slot = {-1};
            synchronized (sayLock) {
                saying = pcm;
                sayPos = 0;
                stampSlot = slot;
                while (slot[0] < 0) sayLock.wait(1000);
            }
            return slot[0];
        }

        /** Sends the following frames {@code nanos} later than scheduled (once): moves our frame phase against the gateway's tick. */
        void shiftPhase(long nanos) { phaseShift = nanos; }

        boolean awaitEvent(String text, long timeoutMs) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            long left;
            while ((left = end - System.nanoTime()) > 0) {
                String e = events.poll(left, TimeUnit.NANOSECONDS);
                if (e == null) return false;
                if (e.equals(text)) return true;
                if (e.startsWith("ERROR")) throw new IllegalStateException(id + ": gateway said " + e);
            }
            return false;
        }

        void startRecording() { recording = new ArrayList<>(); }

        List<Heard> stopRecording() {
            List<Heard> r = recording;
            recording = null;
            synchronized (r) {
                return new ArrayList<>(r);
            }
        }

        private void readLoop() {
            try {
                SimFrame f;
                while ((f = SimFrame.readFrom(in)) != null) {
                    long now = System.nanoTime();
                    if (f.isAudio()) {
                        List<Heard> r = recording;
                        if (r != null) {
                            synchronized (r) {
                                r.add(new Heard(now, f.samples()));
                            }
                        }
                    } else if (f.isEvent()) {
                        events.add(f.text());
                    }
                }
            } catch (IOException e) {
                if (!closed) System.err.println("bench: " + id + " line lost: " + e.getMessage());
            }
        }

        private void sendLoop() {
            short[] frame = new short[FRAME];
            long next = System.nanoTime();
            try {
                while (!closed) {
                    long[] slot;
                    synchronized (sayLock) {
                        int n = Math.min(FRAME, saying.length - sayPos);
                        System.arraycopy(saying, sayPos, frame, 0, Math.max(0, n));
                        if (n < FRAME) Arrays.fill(frame, Math.max(0, n), FRAME, (short) 0);
                        sayPos += Math.max(0, n);
                        slot = stampSlot;
                        stampSlot = null;
                    }
                    next += FRAME_NANOS + phaseShift;
                    phaseShift = 0;
                    long wait;
                    while ((wait = next - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
                    long sentAt = System.nanoTime();
                    send(SimFrame.audio(frame, 0, FRAME));
                    if (slot != null) {
                        synchronized (sayLock) {
                            slot[0] = sentAt;
                            sayLock.notifyAll();
                        }
                    }
                }
            } catch (IOException e) {
                if (!closed) System.err.println("bench: " + id + " send failed: " + e.getMessage());
            }
        }

        @Override
        public void close() {
            closed = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
            try {
                sender.join(1000);
                reader.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
