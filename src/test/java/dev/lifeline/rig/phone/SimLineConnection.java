package dev.lifeline.rig.phone;

import dev.lifeline.hal.sim.SimFrame;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The device end of one sim line (DESIGN §3.1): connects, says {@code HELLO <port>}, and then
 * hands every frame the gateway sends to a {@link Listener} from a reader thread. Writes are
 * serialised so frames from the sender and from hook/dial calls never interleave.
 */
public final class SimLineConnection implements AutoCloseable {
    /** Frames from the gateway, on the reader thread. */
    public interface Listener {
        void onAudio(short[] pcm, long nanos);
        void onEvent(String text, long nanos);
        /** The line went away; {@code cause} is null for a local close. */
        void onClosed(IOException cause);
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Thread reader;
    private volatile boolean closing;

    private SimLineConnection(Socket socket, DataInputStream in, SimFrame first, Listener listener, String portId) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 4096);
        this.reader = Thread.ofVirtual().name("phone-" + portId + "-reader").unstarted(() -> readLoop(first, listener));
    }

    /**
     * Connects and sends HELLO. The gateway refuses with {@code ERROR <text>} and a close; that is
     * waited for up to {@code handshake} and thrown as an IOException carrying the text. A gateway
     * that accepts starts sending audio at once; silence for the whole handshake time is accepted too.
     */
    public static SimLineConnection open(String host, int port, String portId, Duration handshake, Listener listener) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), 5000);
            OutputStream o = s.getOutputStream();
            SimFrame.event("HELLO " + portId).writeTo(o);
            o.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            SimFrame first = null;
            s.setSoTimeout((int) Math.max(1, handshake.toMillis()));
            try {
                first = SimFrame.readFrom(in);
                if (first == null) throw new IOException("gateway " + host + ":" + port + " closed the line after HELLO " + portId);
                if (first.isEvent() && first.text().startsWith("ERROR")) {
                    throw new IOException("gateway refused " + portId + ": " + first.text());
                }
            } catch (SocketTimeoutException quietGateway) {
                first = null;
            }
            s.setSoTimeout(0);
            SimLineConnection c = new SimLineConnection(s, in, first, listener, portId);
            c.reader.start();
            return c;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public void sendEvent(String text) throws IOException { send(SimFrame.event(text)); }

    public void sendAudio(short[] pcm) throws IOException { send(SimFrame.audio(pcm, 0, pcm.length)); }

    private void send(SimFrame f) throws IOException {
        synchronized (out) {
            f.writeTo(out);
            out.flush();
        }
    }

    public boolean isOpen() { return !closing && !socket.isClosed() && reader.isAlive(); }

    private void readLoop(SimFrame first, Listener listener) {
        IOException cause = null;
        try {
            SimFrame f = first;
            if (f == null) f = SimFrame.readFrom(in);
            while (f != null) {
                long now = System.nanoTime();
                if (f.isAudio()) listener.onAudio(f.samples(), now);
                else if (f.isEvent()) listener.onEvent(f.text(), now);
                f = SimFrame.readFrom(in);
            }
            if (!closing) cause = new IOException("gateway closed the line");
        } catch (IOException e) {
            if (!closing) cause = e;
        } finally {
            listener.onClosed(cause);
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
