package dev.lifeline.rig.phone;

import dev.lifeline.dsp.ToneSpec;
import dev.lifeline.hal.sim.SimFrame;
import dev.lifeline.rig.audio.SpecPlayer;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A tiny stand-in for the gateway's sim driver, for testing the virtual phone without the
 * gateway: accepts {@code HELLO} for known ports (refusing unknown and busy ones as the gateway
 * does), sends a 20 ms audio frame every 20 ms from whatever it is told to play, sends events,
 * and records what the phone sends.
 */
final class FakeLineCard implements AutoCloseable {
    /** One event received from the phone, with its arrival time. */
    record Received(String text, long nanos) {}

    private final ServerSocket server;
    private final Set<String> ports;
    private final Set<String> connected = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<Received> events = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private short[] received = new short[8000];
    private int receivedLen;
    private volatile OutputStream device;
    private volatile SpecPlayer player;
    private short[] once;
    private int oncePos;

    FakeLineCard(String... ports) throws IOException {
        this.ports = Set.of(ports);
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("fake-card-accept").start(this::acceptLoop);
        timer.scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
    }

    int port() { return server.getLocalPort(); }

    // ---- what the phone hears ----

    /** Plays {@code spec} continuously from now. */
    synchronized void play(ToneSpec spec) { player = new SpecPlayer(spec); once = null; }

    /** Plays {@code pcm} once, then silence. */
    synchronized void playOnce(short[] pcm) { once = pcm; oncePos = 0; player = null; }

    synchronized void silence() { player = null; once = null; }

    void send(String event) throws IOException {
        OutputStream o = device;
        if (o == null) throw new IOException("no device connected");
        synchronized (o) {
            SimFrame.event(event).writeTo(o);
        }
    }

    /** Rings with {@code cadence} (on, off, ...) for {@code cycles} cycles, then one more RING ON; blocking. */
    void ring(int[] cadence, int cycles) throws IOException, InterruptedException {
        for (int c = 0; c < cycles; c++) {
            for (int i = 0; i < cadence.length; i++) {
                send(i % 2 == 0 ? "RING ON" : "RING OFF");
                Thread.sleep(cadence[i]);
            }
        }
        send("RING ON");
    }

    // ---- what the phone said ----

    synchronized List<Received> events() { return List.copyOf(events); }

    /** Waits for an event with text {@code text} (starting at index {@code from}); null on timeout. */
    synchronized Received awaitEvent(String text, int from, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = from; i < events.size(); i++) if (events.get(i).text.equals(text)) return events.get(i);
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until no event has arrived for {@code quiet}. */
    void awaitQuiet(Duration quiet) throws InterruptedException {
        int n;
        do {
            n = events().size();
            Thread.sleep(quiet);
        } while (events().size() != n);
    }

    synchronized short[] receivedAudio() { return java.util.Arrays.copyOf(received, receivedLen); }

    synchronized int receivedSamples() { return receivedLen; }

    boolean isConnected(String port) { return connected.contains(port); }

    // ---- the line ----

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                synchronized (this) { sockets.add(s); }
                Thread.ofVirtual().name("fake-card-line").start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        String port = null;
        try (s) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            OutputStream out = s.getOutputStream();
            SimFrame hello = SimFrame.readFrom(in);
            if (hello == null) return;
            String id = hello.text().startsWith("HELLO ") ? hello.text().substring(6).trim() : "";
            if (!ports.contains(id) || !connected.add(id)) {
                record(hello.text());
                SimFrame.event(ports.contains(id) ? "ERROR port busy" : "ERROR unknown port").writeTo(out);
                return;
            }
            port = id;
            device = out;
            record(hello.text());   // after the device is set, so a test may send as soon as it sees HELLO
            for (SimFrame f = SimFrame.readFrom(in); f != null; f = SimFrame.readFrom(in)) {
                if (f.isEvent()) record(f.text());
                else if (f.isAudio()) recordAudio(f.samples());
            }
        } catch (IOException e) {
            // line dropped
        } finally {
            if (port != null) {
                connected.remove(port);
                device = null;
            }
            synchronized (this) { notifyAll(); }
        }
    }

    private synchronized void record(String text) {
        events.add(new Received(text, System.nanoTime()));
        notifyAll();
    }

    private synchronized void recordAudio(short[] pcm) {
        if (receivedLen + pcm.length > received.length) received = java.util.Arrays.copyOf(received, received.length * 2);
        System.arraycopy(pcm, 0, received, receivedLen, pcm.length);
        receivedLen += pcm.length;
    }

    private void tick() {
        OutputStream o = device;
        if (o == null) return;
        short[] frame = new short[SimFrame.SAMPLES_PER_FRAME];
        synchronized (this) {
            if (player != null) player.generate(frame, 0, frame.length);
            else if (once != null) {
                int n = Math.min(frame.length, once.length - oncePos);
                System.arraycopy(once, oncePos, frame, 0, n);
                oncePos += n;
                if (oncePos >= once.length) once = null;
            }
        }
        try {
            synchronized (o) {
                SimFrame.audio(frame, 0, frame.length).writeTo(o);
            }
        } catch (IOException e) {
            // device went away
        }
    }

    @Override
    public void close() throws IOException {
        timer.shutdownNow();
        server.close();
        synchronized (this) {
            for (Socket s : sockets) s.close();
        }
    }
}
