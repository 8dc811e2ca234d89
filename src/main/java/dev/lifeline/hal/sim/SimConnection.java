package dev.lifeline.hal.sim;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * The gateway's end of one device's TCP connection. Writes go through a small queue drained
 * by a writer thread so a stalled device can never block the engine thread; when the queue
 * is full, audio for that device is dropped (events are never dropped silently).
 */
final class SimConnection implements AutoCloseable {
    private static final int QUEUE_FRAMES = 64;
    /** An E1 span sends a B frame per busy timeslot each tick (up to 30), so its queue is deeper. */
    static final int SPAN_QUEUE_FRAMES = 256;
    private volatile int mediaLimit = QUEUE_FRAMES;
    private final Socket socket;
    private final BlockingQueue<SimFrame> queue;
    private final Thread writer;
    private volatile boolean closed;
    private long droppedAudio;

    SimConnection(Socket socket, String name) throws IOException {
        this.socket = socket;
        this.queue = new ArrayBlockingQueue<>(SPAN_QUEUE_FRAMES);
        socket.setTcpNoDelay(true);
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 4096);
        writer = Thread.ofVirtual().name("sim-writer-" + name).start(() -> drain(out));
    }

    private void drain(OutputStream out) {
        try {
            while (!closed) {
                SimFrame f = queue.poll(200, TimeUnit.MILLISECONDS);
                if (f == null) continue;
                f.writeTo(out);
                SimFrame next;
                while ((next = queue.poll()) != null) next.writeTo(out);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            if (!closed) Logger.debug("sim connection write ended: {}", e.getMessage());
        } finally {
            close();
        }
    }

    void send(SimFrame frame) {
        if (closed) return;
        if (frame.isMedia() && queue.size() >= mediaLimit || !queue.offer(frame)) {
            if (frame.isMedia()) {
                if (droppedAudio++ % 500 == 0) Logger.warn("sim device too slow, dropping audio ({} frames)", droppedAudio);
            } else {
                Logger.warn("sim device not reading; closing it");
                close();
            }
        }
    }

    /** A span's device: room for a tick of B frames from every timeslot, several ticks deep. */
    void carriesSpan() { mediaLimit = SPAN_QUEUE_FRAMES - 32; }

    /** Sends a final frame directly and closes; used to refuse a device. */
    void refuse(String error) {
        try {
            OutputStream out = socket.getOutputStream();
            SimFrame.event("ERROR " + error).writeTo(out);
            out.flush();
        } catch (IOException ignored) {
            // the device is gone already
        }
        close();
    }

    boolean isClosed() { return closed; }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
        if (Thread.currentThread() != writer) writer.interrupt();
    }
}
