package dev.lifeline.hal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.hal.LineEvent;
import dev.lifeline.hal.LinePort;
import dev.lifeline.hal.PortKind;
import dev.lifeline.util.Clock;
import dev.lifeline.util.Engine;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway side of the sim line protocol, spoken to over real sockets. */
class SimBoardTest {
    private Engine engine;
    private SimBoard board;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private volatile short[] echo = new short[LinePort.FRAME_SAMPLES];

    @BeforeEach
    void start() throws IOException {
        engine = new Engine(Clock.SYSTEM);
        board = new SimBoard("127.0.0.1", 0, Map.of("fxs1", PortKind.FXS, "fxo1", PortKind.FXO));
        board.start(engine, (port, ev, at, detail) -> events.add(port.id() + " " + ev + (detail == null ? "" : " " + detail)),
                now -> {
                    // loop each port's audio back to it, so a test can see its own frames return
                    for (LinePort p : board.ports()) {
                        short[] in = p.readFrame();
                        if (p.id().equals("fxs1")) echo = in.clone();
                        p.writeFrame(in);
                    }
                });
    }

    @AfterEach
    void stop() {
        board.close();
        engine.close();
    }

    private Socket device(String hello) throws IOException {
        Socket s = new Socket("127.0.0.1", board.listenPort());
        s.setSoTimeout(2000);
        SimFrame.event(hello).writeTo(s.getOutputStream());
        return s;
    }

    private static SimFrame nextEvent(DataInputStream in) throws IOException {
        SimFrame f;
        while ((f = SimFrame.readFrom(in)) != null && !f.isEvent()) { /* skip audio */ }
        return f;
    }

    @Test
    void unknownPortIsRefused() throws IOException {
        try (Socket s = device("HELLO fxs9")) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertEquals("ERROR unknown port", nextEvent(in).text());
            assertNull(SimFrame.readFrom(in), "connection closed");
        }
    }

    @Test
    void firstFrameMustBeHello() throws IOException {
        try (Socket s = device("OFFHOOK")) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertEquals("ERROR expected HELLO <port-id>", nextEvent(in).text());
        }
    }

    @Test
    void secondDeviceOnAPortGetsPortBusyAndTheFirstKeepsIt() throws Exception {
        try (Socket first = device("HELLO fxs1")) {
            Thread.sleep(100);
            try (Socket second = device("HELLO fxs1")) {
                assertEquals("ERROR port busy", nextEvent(new DataInputStream(second.getInputStream())).text());
            }
            assertTrue(board.port("fxs1").orElseThrow().isDeviceConnected());
            SimFrame.event("OFFHOOK").writeTo(first.getOutputStream());
            Thread.sleep(200);
            assertTrue(events.contains("fxs1 OFF_HOOK"), events.toString());
        }
        Thread.sleep(200);
        assertTrue(events.contains("fxs1 DEVICE_DISCONNECTED"), events.toString());
    }

    @Test
    void gatewaySendsOne20msFrameEvery20msAndCarriesTheDevicesAudio() throws Exception {
        try (Socket s = device("HELLO fxs1")) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            short[] tone = new short[LinePort.FRAME_SAMPLES];
            for (int i = 0; i < tone.length; i++) tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
            int frames = 0;
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 1_000_000_000L) {
                SimFrame f = SimFrame.readFrom(in);
                if (f.isAudio()) {
                    assertEquals(320, f.payload().length, "160 samples, 16 bit");
                    frames++;
                    SimFrame.audio(tone, 0, tone.length).writeTo(s.getOutputStream());
                }
            }
            assertTrue(frames >= 45 && frames <= 55, "about 50 frames in one second: " + frames);
            int peak = 0;
            for (short v : echo) peak = Math.max(peak, Math.abs(v));
            assertTrue(peak > 7000, "the device's audio reached the tick: peak " + peak);
        }
    }

    @Test
    void fxoEventsAndUnknownEvents() throws Exception {
        try (Socket s = device("HELLO fxo1")) {
            SimFrame.event("RING ON").writeTo(s.getOutputStream());
            SimFrame.event("LOOP DROP 250").writeTo(s.getOutputStream());
            SimFrame.event("OFFHOOK").writeTo(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertEquals("ERROR unknown event 'OFFHOOK' for FXO port", nextEvent(in).text());
            Thread.sleep(100);
            assertTrue(events.contains("fxo1 " + LineEvent.RING_ON), events.toString());
            assertTrue(events.contains("fxo1 " + LineEvent.LOOP_DROP + " 250"), events.toString());
        }
    }
}
