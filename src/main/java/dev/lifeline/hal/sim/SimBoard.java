package dev.lifeline.hal.sim;

import dev.lifeline.hal.Board;
import dev.lifeline.hal.LineEvent;
import dev.lifeline.hal.LineListener;
import dev.lifeline.hal.LinePort;
import dev.lifeline.hal.PortKind;
import dev.lifeline.hal.SpanAlarm;
import dev.lifeline.hal.SpanListener;
import dev.lifeline.hal.SpanPort;
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
    private final Map<String, SimSpan> spans = new LinkedHashMap<>();
    private volatile SpanListener spanListener;
    private final String host;
    private final int requestedPort;
    private ServerSocket server;
    private Engine engine;
    private LineListener listener;
    private ScheduledFuture<?> tick;
    private final List<SimConnection> connections = Collections.synchronizedList(new ArrayList<>());

    public SimBoard(String host, int port, Map<String, PortKind> portKinds) { this(host, port, portKinds, Map.of()); }

    /** {@code spanTimeslots}: each E1 span's id and bearer timeslots. */
    public SimBoard(String host, int port, Map<String, PortKind> portKinds, Map<String, List<Integer>> spanTimeslots) {
        this.host = host;
        this.requestedPort = port;
        portKinds.forEach((id, kind) -> ports.put(id, new SimPort(id, kind)));
        spanTimeslots.forEach((id, slots) -> spans.put(id, new SimSpan(id, slots)));
    }

    @Override
    public List<LinePort> ports() { return List.copyOf(ports.values()); }

    @Override
    public List<SpanPort> spans() { return List.copyOf(spans.values()); }

    @Override
    public void onSpanEvents(SpanListener listener) { this.spanListener = listener; }

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
        List<String> names = new ArrayList<>(ports.keySet());
        names.addAll(spans.keySet());
        return "sim line ports listen on " + host + ":" + listenPort() + " (" + String.join(", ", names) + ")";
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
            String id = hello(conn, in);
            if (id == null) return;
            if (spans.containsKey(id)) {
                serveSpan(spans.get(id), conn, in);
                return;
            }
            port = claim(conn, id);
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

    /** The port or span id a device names in its first frame, or null (refused). */
    private static String hello(SimConnection conn, DataInputStream in) throws IOException {
        SimFrame first = SimFrame.readFrom(in);
        if (first == null) return null;
        String text = first.isEvent() ? first.text() : "";
        if (!text.startsWith("HELLO ")) {
            conn.refuse("expected HELLO <port-id>");
            return null;
        }
        return text.substring(6).trim();
    }

    private SimPort claim(SimConnection conn, String id) {
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

    /** One E1 span's device, until it goes away: D frames, B frames and layer-1 events. */
    private void serveSpan(SimSpan span, SimConnection conn, DataInputStream in) throws IOException {
        if (!span.attach(conn)) {
            conn.refuse("port busy");
            return;
        }
        conn.carriesSpan();
        Logger.info("{}: span device connected", span.id());
        postSpan(l -> l.onDevice(span, true, now()));
        try {
            SimFrame f;
            while ((f = SimFrame.readFrom(in)) != null) {
                switch (f.type()) {
                    case SimFrame.DCHANNEL -> {
                        byte[] frame = f.payload();
                        long at = now();
                        if (frame.length >= 3) postSpan(l -> l.onDFrame(span, frame, at));
                        else conn.send(SimFrame.event("ERROR D frame shorter than 3 octets"));
                    }
                    case SimFrame.BCHANNEL -> {
                        byte[] p = f.payload();
                        if (p.length < 1 || !span.receivedB(p[0] & 0xff, java.util.Arrays.copyOfRange(p, 1, p.length))) {
                            conn.send(SimFrame.event("ERROR B frame for " + (p.length < 1 ? "no timeslot" : "timeslot " + (p[0] & 0xff)
                                    + ", not a bearer of " + span.id())));
                        }
                    }
                    case SimFrame.EVENT -> spanEvent(span, conn, f.text());
                    default -> conn.send(SimFrame.event("ERROR unsupported frame type 0x" + Integer.toHexString(f.type() & 0xff)));
                }
            }
        } finally {
            conn.close();
            connections.remove(conn);
            span.detach(conn);
            Logger.info("{}: span device disconnected", span.id());
            postSpan(l -> l.onDevice(span, false, now()));
        }
    }

    private void spanEvent(SimSpan span, SimConnection conn, String text) {
        SpanAlarm state = switch (text) {
            case "L1 UP" -> SpanAlarm.UP;
            case "L1 DOWN" -> SpanAlarm.DOWN;
            case "AIS" -> SpanAlarm.AIS;
            case "RAI" -> SpanAlarm.RAI;
            default -> null;
        };
        if (state == null) {
            conn.send(SimFrame.event("ERROR unknown event '" + text + "' for E1 span"));
            return;
        }
        span.layer1(state);
        long at = now();
        postSpan(l -> l.onLayer1(span, state, at));
    }

    private void postSpan(java.util.function.Consumer<SpanListener> call) {
        SpanListener l = spanListener;
        if (l != null) engine.execute(() -> call.accept(l));
    }

    private long now() { return engine.clock().millis(); }

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
