package dev.lifeline.tdm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.dsp.CallerIdFormat;
import dev.lifeline.dsp.CallerIdGenerator;
import dev.lifeline.dsp.DtmfDetector;
import dev.lifeline.dsp.ToneGenerator;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.hal.LineEvent;
import dev.lifeline.hal.LinePort;
import dev.lifeline.hal.PortKind;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** FXO transitions driven with explicit times and a fake port: no sockets, no sleeping. */
class FxoChannelTest {
    private final ToneZone us = ToneZone.forName("us");
    private final FakePort port = new FakePort();
    private final Events events = new Events();
    private final FxoChannel ch = new FxoChannel(port, us, FxoSettings.forZone(us, true));
    private long t;

    FxoChannelTest() { ch.setListener(events); }

    @AfterEach
    void close() { ch.close(); }

    @Test
    void outgoingCallWaitsForDialToneSendsDtmfAndEndsOnLoopDrop() {
        ch.dial("5551234", t);
        assertEquals(FxoState.SEIZED_OUT, ch.state());
        assertEquals(List.of("OFFHOOK"), port.events);
        try (ToneGenerator dial = new ToneGenerator(us.dial()); DtmfDetector det = new DtmfDetector()) {
            port.input = () -> frame(dial);
            StringBuilder heard = new StringBuilder();
            long dialStart = -1;
            while (ch.state() == FxoState.SEIZED_OUT && t < 10_000) {
                tick();
                String d = det.process(port.lastOut, 0, 160);
                if (!d.isEmpty() && dialStart < 0) dialStart = t;
                heard.append(d);
            }
            assertEquals(FxoState.CONNECTED, ch.state());
            assertEquals("5551234", heard.toString(), "DTMF digits sent into the line");
            assertTrue(dialStart > 250 && dialStart < 1000, "dialled after ~300 ms of dial tone, at " + dialStart);
            assertEquals(List.of("dialled"), events.log);
        }
        port.input = () -> new short[160];
        ch.onLineEvent(LineEvent.LOOP_DROP, t);
        assertEquals(FxoState.RELEASING, ch.state());
        assertEquals("ONHOOK", port.events.getLast());
        assertEquals(List.of("dialled", "hangup 16"), events.log);
        run(500);
        assertEquals(FxoState.RELEASING, ch.state(), "guard time");
        run(200);
        assertEquals(FxoState.IDLE, ch.state());
    }

    @Test
    void withoutDialToneItDialsBlindAfterTheWait() {
        ch.dial("911", t);
        run(2900);
        assertEquals(List.of(), events.log);
        run(2000);
        assertEquals(List.of("dialled"), events.log, "blind dialling after 3 s");
    }

    @Test
    void incomingCallDecodesCallerIdInTheFirstSilenceAndBusyToneEndsTheCall() {
        short[] spill = CallerIdGenerator.generate(us.callerIdStandard(), CallerIdFormat.MDMF,
                new CallerId("5551234", "Alice", LocalDateTime.of(2024, 5, 1, 12, 0)));
        ch.onLineEvent(LineEvent.RING_ON, t);
        assertEquals(FxoState.RINGING_IN, ch.state());
        run(2000);
        ch.onLineEvent(LineEvent.RING_OFF, t);
        run(500);
        int[] pos = {0};
        port.input = () -> {
            short[] f = new short[160];
            int n = Math.max(0, Math.min(160, spill.length - pos[0]));
            System.arraycopy(spill, pos[0], f, 0, n);
            pos[0] += n;
            return f;
        };
        run(spill.length / 8 + 200);
        assertEquals(List.of("incoming 5551234"), events.log, "offered as soon as caller ID is decoded");
        assertEquals(1, ch.rings());
        ch.answer(t);
        assertEquals(FxoState.CONNECTED, ch.state());
        assertEquals(List.of("OFFHOOK"), port.events);
        try (ToneGenerator busy = new ToneGenerator(us.busy())) {
            port.input = () -> frame(busy);
            run(1500);
            assertEquals(FxoState.CONNECTED, ch.state(), "one cycle is not enough");
            run(700);
        }
        assertEquals(FxoState.RELEASING, ch.state(), "two busy cycles (~2 s) end the call");
        assertEquals("ONHOOK", port.events.getLast());
        assertEquals(List.of("incoming 5551234", "hangup 17"), events.log);
    }

    @Test
    void withoutCallerIdTheCallIsOfferedAtTheSecondRingAndEndsWhenRingingStops() {
        ringCycle();
        assertEquals(List.of(), events.log);
        ringCycle();
        assertEquals(List.of("incoming null"), events.log);
        assertEquals(2, ch.rings());
        run(5000);
        assertEquals(FxoState.IDLE, ch.state(), "caller gave up: no ring for 4 s + 2 s");
        assertEquals(List.of("incoming null", "hangup 16"), events.log);
    }

    @Test
    void releasingARingingLineIgnoresTheRestOfTheRinging() {
        ringCycle();
        ringCycle();
        ch.release(t);
        ringCycle();
        assertEquals(List.of("incoming null"), events.log, "not offered again");
        assertEquals(List.of(), port.events, "an analog line cannot refuse: never seized");
        run(6000);
        assertEquals(FxoState.IDLE, ch.state());
        assertEquals(List.of("incoming null"), events.log, "nobody to tell");
    }

    @Test
    void polarityReversalDuringACallIsAFarEndDisconnectWhenConfigured() {
        ringCycle();
        ringCycle();
        ch.answer(t);
        ch.onLineEvent(LineEvent.POLARITY_REVERSE, t);
        assertEquals(FxoState.RELEASING, ch.state());
        assertEquals("hangup 16", events.log.getLast());
    }

    @Test
    void theTableRefusesTransitionsThatAreNotDeclared() {
        assertTrue(FxoChannel.TABLE.allows(FxoState.CONNECTED, FxoState.RELEASING));
        assertTrue(!FxoChannel.TABLE.allows(FxoState.RELEASING, FxoState.CONNECTED));
        var m = new TransitionTable.Machine<>(FxoChannel.TABLE, FxoState.IDLE);
        assertThrows(IllegalStateException.class, () -> m.go(FxoState.CONNECTED, "x", 0));
        ch.dial("1", t);
        assertThrows(IllegalStateException.class, () -> ch.dial("2", t), "a seized port cannot be seized again");
        assertNull(ch.callerId());
        assertNotNull(ch.history());
    }

    // ---- helpers ----

    private void ringCycle() {
        ch.onLineEvent(LineEvent.RING_ON, t);
        run(2000);
        ch.onLineEvent(LineEvent.RING_OFF, t);
        run(4000);
    }

    private static short[] frame(ToneGenerator g) {
        short[] f = new short[160];
        g.generate(f, 0, 160);
        return f;
    }

    private void run(long ms) {
        long end = t + ms;
        while (t < end) tick();
    }

    private void tick() {
        t += 20;
        ch.audioIn(port.input.get(), t);
        ch.timers(t);
        ch.audioOut();
    }

    private static final class Events implements FxoListener {
        final List<String> log = new ArrayList<>();
        @Override public void onIncoming(FxoChannel l, CallerId id) { log.add("incoming " + (id == null ? null : id.number())); }
        @Override public void onDialled(FxoChannel l) { log.add("dialled"); }
        @Override public void onRemoteHangup(FxoChannel l, int q850) { log.add("hangup " + q850); }
    }

    private static final class FakePort implements LinePort {
        final List<String> events = new ArrayList<>();
        Supplier<short[]> input = () -> new short[160];
        short[] lastOut = new short[160];
        @Override public String id() { return "fxo1"; }
        @Override public PortKind kind() { return PortKind.FXO; }
        @Override public boolean isDeviceConnected() { return true; }
        @Override public void setRinging(boolean on) { throw new AssertionError("FXO never rings"); }
        @Override public void setPolarity(boolean reversed) { throw new AssertionError("FXO never reverses"); }
        @Override public void setHook(boolean offHook) { events.add(offHook ? "OFFHOOK" : "ONHOOK"); }
        @Override public void reportError(String text) { events.add("ERROR " + text); }
        @Override public short[] readFrame() { return input.get(); }
        @Override public void writeFrame(short[] pcm) { lastOut = pcm.clone(); }
    }
}
