package dev.lifeline.hal.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.hal.SpanAlarm;
import dev.lifeline.hal.SpanListener;
import dev.lifeline.hal.SpanPort;
import dev.lifeline.util.Clock;
import dev.lifeline.util.Engine;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The E1 span side of the sim line protocol (D, B and layer-1 frames) over real sockets. */
class SimSpanTest {
    private static final List<Integer> BEARERS = IntStream.rangeClosed(1, 31).filter(t -> t != 16).boxed().toList();
    private Engine engine;
    private SimBoard board;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<byte[]> dFrames = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        engine = new Engine(Clock.SYSTEM);
        board = new SimBoard("127.0.0.1", 0, Map.of(), Map.of("e1a", BEARERS));
        board.onSpanEvents(new SpanListener() {
            @Override public void onDevice(SpanPort s, boolean connected, long at) { events.add(s.id() + (connected ? " connected" : " gone")); }
            @Override public void onLayer1(SpanPort s, SpanAlarm state, long at) { events.add(s.id() + " L1 " + state); }
            @Override public void onDFrame(SpanPort s, byte[] frame, long at) { dFrames.add(frame); }
        });
        board.start(engine, (p, e, at, d) -> { }, now -> {
            SpanPort span = board.spans().get(0);
            byte[] b = new byte[SpanPort.B_FRAME_OCTETS];
            if (span.readB(5, b)) span.writeB(17, b); // timeslot 5 looped back on timeslot 17
        });
    }

    @AfterEach
    void stop() {
        board.close();
        engine.close();
    }

    private Socket device() throws IOException {
        Socket s = new Socket("127.0.0.1", board.listenPort());
        s.setSoTimeout(2000);
        SimFrame.event("HELLO e1a").writeTo(s.getOutputStream());
        return s;
    }

    private static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
        for (int i = 0; i < 100 && !c.getAsBoolean(); i++) Thread.sleep(20);
    }

    @Test
    void layerOneEventsAndDFramesReachTheSpanAndGoBack() throws Exception {
        try (Socket s = device()) {
            SimFrame.event("L1 UP").writeTo(s.getOutputStream());
            new SimFrame(SimFrame.DCHANNEL, new byte[] {0x00, 0x01, 0x7f}).writeTo(s.getOutputStream()); // SABME from the network
            await(() -> !dFrames.isEmpty());
            assertEquals(List.of("e1a connected", "e1a L1 UP"), events);
            assertArrayEquals(new byte[] {0x00, 0x01, 0x7f}, dFrames.get(0));
            assertEquals(SpanAlarm.UP, board.spans().get(0).layer1());
            board.spans().get(0).sendD(new byte[] {0x02, 0x01, 0x73}); // UA back
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            SimFrame f = SimFrame.readFrom(in);
            assertEquals(SimFrame.DCHANNEL, f.type());
            assertArrayEquals(new byte[] {0x02, 0x01, 0x73}, f.payload());
            SimFrame.event("AIS").writeTo(s.getOutputStream());
            SimFrame.event("L1 BROKEN").writeTo(s.getOutputStream());
            SimFrame err = SimFrame.readFrom(in);
            assertEquals("ERROR unknown event 'L1 BROKEN' for E1 span", err.text());
            assertTrue(events.contains("e1a L1 AIS"), events.toString());
        }
        await(() -> events.contains("e1a gone"));
        assertTrue(events.contains("e1a gone"), events.toString());
        assertEquals(SpanAlarm.DOWN, board.spans().get(0).layer1(), "no device: layer 1 down");
    }

    @Test
    void bFramesCarryEachTimeslotsAudioAndTimeslot16IsRefused() throws Exception {
        try (Socket s = device()) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            byte[] payload = new byte[1 + SpanPort.B_FRAME_OCTETS];
            payload[0] = 5;
            for (int i = 1; i < payload.length; i++) payload[i] = (byte) i;
            List<SimFrame> back = new ArrayList<>();
            long t0 = System.currentTimeMillis();
            while (back.isEmpty() && System.currentTimeMillis() - t0 < 2000) {
                new SimFrame(SimFrame.BCHANNEL, payload).writeTo(s.getOutputStream());
                s.setSoTimeout(100);
                try {
                    SimFrame f = SimFrame.readFrom(in);
                    if (f != null && f.type() == SimFrame.BCHANNEL) back.add(f);
                } catch (java.net.SocketTimeoutException e) {
                    // next 20 ms
                }
            }
            assertEquals(1, back.size(), "the looped frame came back");
            assertEquals(17, back.get(0).payload()[0], "on timeslot 17");
            assertArrayEquals(java.util.Arrays.copyOfRange(payload, 1, payload.length),
                    java.util.Arrays.copyOfRange(back.get(0).payload(), 1, back.get(0).payload().length), "octet for octet");
            payload[0] = 16;
            new SimFrame(SimFrame.BCHANNEL, payload).writeTo(s.getOutputStream());
            s.setSoTimeout(2000);
            SimFrame f;
            while ((f = SimFrame.readFrom(in)) != null && !f.isEvent()) { /* skip B frames */ }
            assertEquals("ERROR B frame for timeslot 16, not a bearer of e1a", f.text());
        }
    }
}
