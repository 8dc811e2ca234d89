package dev.lifeline.hal.sim;

import dev.lifeline.hal.Board;
import dev.lifeline.hal.LineEvent;
import dev.lifeline.hal.LineListener;
import dev.lifeline.hal.LinePort;
import dev.lifeline.hal.PortKind;
import dev.lifeline.util.Engine;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.tinylog.Logger;

/**
 * The simulated board: each port is a TCP line that a virtual phone or exchange plugs into,
 * speaking the sim line protocol (DESIGN §3.1). One device per port; the first frame must be
 * {@code HELLO <port-id>}.
 */
public final class SimBoard implements Board {
    private final Map<String, SimPort> ports = new LinkedHashMap<>();
    private final String host;
    private final int requestedPort;
    private ServerSocket server;
    private Engine engine;
    private LineListener listener;
    private ScheduledFuture<?> tick;
    private final List<SimConnection> connections = Collections.synchronizedList(new ArrayList<>());

    public SimBoard(String host, int port, Map<String, PortKind> portKinds) {
        this.host = host;
        this.requestedPort = port;
        portKinds.forEach((id, kind) -> ports.put(id, new SimPort(id, kind)));
    }

    @Override
    public List<LinePort> ports() { return List.copyOf(ports.values()); }

    /** The TCP port actually bound (useful when 0 was asked for). */
    public int listenPort() { return server == null ? requestedPort : server.getLocalPort(); }

    public String listenHost() { return host; }

    @Override
    public void start(Engine engine, LineListener listener, TickHandler ticks) throws IOException {
        this.engine = engine;
        this.listener = listener;
        server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(new InetSocketAddress(InetAddress.getByName(host), requestedPort));
        } catch (IOException e) {
            throw new IOException("cannot listen for sim devices on " + host + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        Thread.ofVirtual().name("sim-accept").start(this::acceptLoop);
        tick = engine.every(LinePort.FRAME_MS, () -> ticks.onTick(engine.clock().millis()));
    }

    @Override
    public String describe() {
        return "sim line ports listen on " + host + ":" + listenPort() + " (" + String.join(", ", ports.keySet()) + ")";
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().name("sim-device").start(() -> serve(s));
            } catch (IOException e) {
                if (!server.isClosed()) Logger.warn("sim accept failed: {}", e.getMessage());
            }
        }
    }

    private void serve(Socket socket) {
        SimConnection conn;
        try {
            conn = new SimConnection(socket, socket.getRemoteSocketAddress().toString());
        } catch (IOException e) {
            return;
        }
        connections.add(conn);
        SimPort port = null;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()))) {
            port = handshake(conn, in);
            if (port == null) return;
            short[] pcm = new short[SimFrame.MAX_PAYLOAD / 2];
            SimFrame f;
            while ((f = SimFrame.readFrom(in)) != null) {
                if (f.isAudio()) {
                    port.received(pcm, f.samples(pcm));
                } else if (f.isEvent()) {
                    deviceEvent(port, conn, f.text());
                } else {
                    conn.send(SimFrame.event("ERROR unsupported frame type 0x" + Integer.toHexString(f.type() & 0xff)));
                }
            }
        } catch (IOException e) {
            Logger.debug("sim device connection ended: {}", e.getMessage());
        } finally {
            conn.close();
            connections.remove(conn);
            if (port != null) {
                port.detach(conn);
                post(port, LineEvent.DEVICE_DISCONNECTED, null);
                Logger.info("{}: device disconnected", port.id());
            }
        }
    }

    private SimPort handshake(SimConnection conn, DataInputStream in) throws IOException {
        SimFrame first = SimFrame.readFrom(in);
        if (first == null) return null;
        String text = first.isEvent() ? first.text() : "";
        if (!text.startsWith("HELLO ")) {
            conn.refuse("expected HELLO <port-id>");
            return null;
        }
        String id = text.substring(6).trim();
        SimPort port = ports.get(id);
        if (port == null) {
            conn.refuse("unknown port");
            return null;
        }
        if (!port.attach(conn)) {
            conn.refuse("port busy");
            return null;
        }
        Logger.info("{}: device connected", id);
        post(port, LineEvent.DEVICE_CONNECTED, null);
        return port;
    }

    private void deviceEvent(SimPort port, SimConnection conn, String text) {
        LineEvent ev = SimEvents.fromDevice(port.kind(), text);
        if (ev == null) {
            conn.send(SimFrame.event("ERROR unknown event '" + text + "' for " + port.kind() + " port"));
            return;
        }
        String detail = ev == LineEvent.LOOP_DROP && text.length() > 10 ? text.substring(10).trim() : null;
        post(port, ev, detail);
    }

    private void post(SimPort port, LineEvent ev, String detail) {
        long at = engine.clock().millis();
        engine.execute(() -> listener.onLineEvent(port, ev, at, detail));
    }

    @Override
    public void close() {
        if (tick != null) tick.cancel(false);
        try {
            if (server != null) server.close();
        } catch (IOException ignored) {
            // closing
        }
        synchronized (connections) {
            new ArrayList<>(connections).forEach(SimConnection::close);
        }
    }
}
