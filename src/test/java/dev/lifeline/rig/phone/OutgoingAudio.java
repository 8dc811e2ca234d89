package dev.lifeline.rig.phone;

import dev.lifeline.hal.sim.SimFrame;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The phone's mouthpiece: every 20 ms (fixed rate) sends one frame from the current
 * {@link AudioSource}; with no source it sends silence while off hook and nothing while on hook
 * (the protocol treats "no frames" as silence). Clocked by the line instead
 * ({@link #clockedByLine}), it sends one frame per frame heard, with the line's echo added: a
 * 2-wire line's echo is sample-synchronous with what it carries, which an own timer cannot be.
 */
final class OutgoingAudio implements AutoCloseable {
    interface Sink { void send(short[] frame) throws Exception; }

    private final Sink sink;
    private final BooleanSupplier offHook;
    private final ScheduledExecutorService timer;
    private AudioSource current;
    private AudioSource interjection;
    private long framesSent;
    private volatile boolean lineClocked;

    OutgoingAudio(String name, Sink sink, BooleanSupplier offHook) {
        this.sink = sink;
        this.offHook = offHook;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-sender");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::tick, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** Starts saying {@code source}, replacing whatever was playing. */
    synchronized void play(AudioSource source) {
        if (current != null) current.close();
        current = source;
        notifyAll();
    }

    synchronized void stop() { play(null); }

    /** Says {@code source} at once instead of what is playing, which continues when it is done (a caller-ID ACK). */
    synchronized void interject(AudioSource source) {
        if (interjection != null) interjection.close();
        interjection = source;
    }

    synchronized boolean isPlaying() { return current != null; }

    synchronized long framesSent() { return framesSent; }

    /** Waits until {@code source} has finished (or was replaced); false on timeout. */
    synchronized boolean awaitDone(AudioSource source, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (current == source) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** From now on a frame is sent per {@link #lineTick} (true), or every 20 ms by the own timer (false). */
    void clockedByLine(boolean on) { lineClocked = on; }

    private void tick() {
        if (!lineClocked) send(null);
    }

    /** The line delivered a frame: sends one, with {@code echo} (the hybrid's return, same length) mixed in. */
    void lineTick(short[] echo) {
        if (lineClocked) send(echo);
    }

    private void send(short[] echo) {
        try {
            short[] frame = new short[SimFrame.SAMPLES_PER_FRAME];
            boolean send;
            synchronized (this) {
                AudioSource s = current;
                if (interjection != null) { // said instead of the current source, which waits
                    interjection.read(frame);
                    if (interjection.done()) {
                        interjection.close();
                        interjection = null;
                    }
                    send = true;
                } else {
                    if (s != null) {
                        s.read(frame);
                        if (s.done()) {
                            s.close();
                            current = null;
                            notifyAll();
                        }
                    }
                    send = s != null || offHook.getAsBoolean();
                }
                if (send) framesSent++;
            }
            if (echo != null) {
                for (int i = 0; i < frame.length && i < echo.length; i++) {
                    frame[i] = (short) Math.max(-32767, Math.min(32767, frame[i] + echo[i]));
                }
            }
            if (send) sink.send(frame);
        } catch (Exception e) {
            // the line is gone or a source failed: keep the timer alive, the reader reports closure
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (current != null) current.close();
            current = null;
            notifyAll();
        }
    }
}
