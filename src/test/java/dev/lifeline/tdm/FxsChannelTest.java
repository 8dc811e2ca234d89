package dev.lifeline.tdm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.config.DigitMap;
import dev.lifeline.dsp.CallerId;
import dev.lifeline.dsp.CallerIdFormat;
import dev.lifeline.dsp.DtmfGenerator;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.hal.LineEvent;
import dev.lifeline.hal.LinePort;
import dev.lifeline.hal.PortKind;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * FXS signalling on its own: every declared transition reached the way a user or the call
 * layer reaches it, every undeclared one refused, every failure the line produces on its own
 * (no digits, left off hook, howler timeout) and the reset after a port fault. Explicit times
 * and a recording port: no sockets, no sleeping.
 */
class FxsChannelTest {
    private static final FxsTimers TIMERS = FxsTimers.defaults();
    private final ToneZone us = ToneZone.forName("us");
    private final RecordingPort port = new RecordingPort();
    private final Events events = new Events();
    private final FxsChannel ch = new FxsChannel(port, us, TIMERS, DigitMap.parse("[6-7]xxx|911"), CallerIdFormat.MDMF, true);
    private long t = 1000;

    FxsChannelTest() { ch.setListener(events); }

    @AfterEach
    void close() { ch.close(); }

    // ---- the declared table -------------------------------------------------------------

    @Test
    void theTableDeclaresExactlyTheseTransitionsAndRefusesEveryOther() {
        var declared = new java.util.EnumMap<FxsState, Set<FxsState>>(FxsState.class);
        declared.put(FxsState.IDLE, EnumSet.of(FxsState.DIALTONE, FxsState.RINGING));
        declared.put(FxsState.RINGING, EnumSet.of(FxsState.IDLE, FxsState.CONNECTED));
        // -> CONNECTED: a flash back to the held call from the flash's dial tone (hook-flash services)
        declared.put(FxsState.DIALTONE, EnumSet.of(FxsState.COLLECTING, FxsState.IDLE, FxsState.TONE, FxsState.CONNECTED));
        declared.put(FxsState.COLLECTING, EnumSet.of(FxsState.OUTGOING, FxsState.IDLE, FxsState.TONE, FxsState.CONNECTED));
        declared.put(FxsState.OUTGOING, EnumSet.of(FxsState.CONNECTED, FxsState.TONE, FxsState.IDLE));
        declared.put(FxsState.CONNECTED, EnumSet.of(FxsState.TONE, FxsState.IDLE, FxsState.DIALTONE)); // flash: hold
        declared.put(FxsState.TONE, EnumSet.of(FxsState.HOWLER, FxsState.IDLE, FxsState.CONNECTED)); // flash back to a held call
        declared.put(FxsState.HOWLER, EnumSet.of(FxsState.LOCKOUT, FxsState.IDLE));
        declared.put(FxsState.LOCKOUT, EnumSet.of(FxsState.IDLE));
        for (FxsState from : FxsState.values()) {
            for (FxsState to : FxsState.values()) {
                boolean allowed = declared.get(from).contains(to);
                assertEquals(allowed, FxsChannel.TABLE.allows(from, to), from + " -> " + to);
                var m = new TransitionTable.Machine<>(FxsChannel.TABLE, from);
                if (allowed) {
                    m.go(to, "test", 5);
                    assertEquals(to, m.state());
                    assertEquals(List.of(new TransitionTable.Transition<>(5, from, to, "test")), m.history());
                } else {
                    assertThrows(IllegalStateException.class, () -> m.go(to, "test", 5), from + " -> " + to + " must be refused");
                    assertEquals(from, m.state(), "a refused transition changes nothing");
                    assertEquals(List.of(), m.history());
                }
            }
        }
    }

    // ---- each declared transition, driven as on a real line ------------------------------

    @Test
    void offHookGivesDialToneAndHangingUpReturnsToIdle() {
        offHook();
        assertEquals(FxsState.DIALTONE, ch.state());
        assertEquals(us.dial().name(), ch.toneName());
        assertEquals(List.of("seized"), events.log);
        onHookFor(TIMERS.hangup() + 40);
        assertEquals(FxsState.IDLE, ch.state());
        assertEquals(List.of("seized"), events.log, "hanging up at dial tone tells the call layer nothing");
        assertHistory("IDLE->DIALTONE (off-hook)", "DIALTONE->IDLE (on-hook)");
    }

    @Test
    void digitsMoveToCollectingThenOutgoingWhenTheMapCompletes() {
        offHook();
        dial("6");
        assertEquals(FxsState.COLLECTING, ch.state());
        assertEquals(null, ch.toneName(), "dial tone stops at the first digit");
        dial("001");
        assertEquals(FxsState.OUTGOING, ch.state());
        assertEquals(List.of("seized", "dialled 6001"), events.log);
        ch.ringback();
        assertEquals(us.ringback().name(), ch.toneName());
        ch.connect(frame -> false, t);
        assertEquals(FxsState.CONNECTED, ch.state());
        onHookFor(TIMERS.hangup() + 40);
        assertEquals(FxsState.IDLE, ch.state());
        assertEquals("hangup", events.log.getLast());
        assertHistory("IDLE->DIALTONE (off-hook)", "DIALTONE->COLLECTING (digit 6)",
                "COLLECTING->OUTGOING (dialled 6001 (digit map complete))", "OUTGOING->CONNECTED (far end answered)",
                "CONNECTED->IDLE (on-hook)");
    }

    @Test
    void interDigitTimeoutDialsWhatWasCollected() {
        offHook();
        dial("9");
        run(TIMERS.interDigit() + 40);
        assertEquals(FxsState.OUTGOING, ch.state());
        assertEquals("dialled 9", events.log.getLast());
        assertTrue(ch.history().getLast().cause().contains("inter-digit timeout"));
    }

    @Test
    void hangingUpWhileCollectingOrOutgoingTellsTheCallLayer() {
        offHook();
        dial("6");
        onHookFor(TIMERS.hangup() + 40);
        assertEquals(FxsState.IDLE, ch.state());
        assertEquals(List.of("seized", "hangup"), events.log);
        events.log.clear();
        offHook();
        dial("6001");
        onHookFor(TIMERS.hangup() + 40);
        assertEquals(List.of("seized", "dialled 6001", "hangup"), events.log);
        assertEquals("OUTGOING->IDLE (on-hook)", ch.history().getLast().toString());
    }

    @Test
    void anOfferedCallRingsAndIsAnsweredOrWithdrawn() {
        ch.ring(new CallerId("6000", "Reception", LocalDateTime.of(2025, 1, 1, 10, 0)), t);
        assertEquals(FxsState.RINGING, ch.state());
        run(1000);
        assertTrue(ch.ringing(), "ringing voltage on the US cadence");
        assertEquals("RING ON", port.events.getLast());
        ch.stopRinging(t);
        assertEquals(FxsState.IDLE, ch.state());
        assertFalse(ch.ringing());
        assertEquals("RING OFF", port.events.getLast());

        ch.ring(null, t);
        run(500);
        offHook();
        assertEquals(FxsState.CONNECTED, ch.state());
        assertFalse(ch.ringing(), "answering stops the ringing voltage");
        assertEquals("answered", events.log.getLast());
        assertHistory("IDLE->RINGING (incoming call from 6000)", "RINGING->IDLE (ringing stopped)",
                "IDLE->RINGING (incoming call)", "RINGING->CONNECTED (answered)");
    }

    @Test
    void callerHangingUpWhileRingingReturnsToIdleWithoutTone() {
        ch.ring(null, t);
        run(100);
        ch.farEndHungUp(t);
        assertEquals(FxsState.IDLE, ch.state());
        assertEquals(null, ch.toneName());
    }

    // ---- every failure the line produces -------------------------------------------------

    @Test
    void noDigitsWithinTheFirstDigitTimeoutGivesReorderThenHowlerThenLockout() {
        offHook();
        run(TIMERS.firstDigit() + 40);
        assertEquals(FxsState.TONE, ch.state());
        assertEquals(us.congestion().name(), ch.toneName());
        assertEquals("DIALTONE->TONE (no digits dialled)", ch.history().getLast().toString());
        run(TIMERS.offHookWarning() + 40);
        assertEquals(FxsState.HOWLER, ch.state());
        assertEquals(us.howler().name(), ch.toneName());
        assertEquals("TONE->HOWLER (left off hook)", ch.history().getLast().toString());
        run(TIMERS.howlerMax() + 40);
        assertEquals(FxsState.LOCKOUT, ch.state());
        assertEquals(null, ch.toneName(), "lockout is silent");
        assertEquals("HOWLER->LOCKOUT (howler timed out)", ch.history().getLast().toString());
        onHookFor(TIMERS.hangup() + 40);
        assertEquals(FxsState.IDLE, ch.state());
        assertEquals("LOCKOUT->IDLE (on-hook)", ch.history().getLast().toString());
    }

    @Test
    void hangingUpDuringToneOrHowlerReturnsToIdle() {
        offHook();
        run(TIMERS.firstDigit() + 40);
        onHookFor(TIMERS.hangup() + 40);
        assertEquals("TONE->IDLE (on-hook)", ch.history().getLast().toString());
        offHook();
        run(TIMERS.firstDigit() + TIMERS.offHookWarning() + 80);
        assertEquals(FxsState.HOWLER, ch.state());
        onHookFor(TIMERS.hangup() + 40);
        assertEquals("HOWLER->IDLE (on-hook)", ch.history().getLast().toString());
    }

    @Test
    void callFailuresFromTheCallLayerPlayTheirToneInEveryStateThatCanFail() {
        offHook();
        ch.fail(us.busy(), "call failed, cause 17", t);
        assertEquals("DIALTONE->TONE (call failed, cause 17)", ch.history().getLast().toString());
        assertEquals(us.busy().name(), ch.toneName());
        onHookFor(TIMERS.hangup() + 40);

        offHook();
        dial("6");
        ch.fail(us.congestion(), "call failed, cause 1", t);
        assertEquals("COLLECTING->TONE (call failed, cause 1)", ch.history().getLast().toString());
        onHookFor(TIMERS.hangup() + 40);

        offHook();
        dial("6001");
        ch.fail(us.congestion(), "call failed, cause 41", t);
        assertEquals("OUTGOING->TONE (call failed, cause 41)", ch.history().getLast().toString());
        assertEquals(us.congestion().name(), ch.toneName());
        onHookFor(TIMERS.hangup() + 40);

        offHook();
        dial("6001");
        ch.connect(frame -> false, t);
        ch.farEndHungUp(t);
        assertEquals("CONNECTED->TONE (far end hung up)", ch.history().getLast().toString());
        assertEquals(us.disconnect().name(), ch.toneName());
    }

    @Test
    void failAndStopRingingAreIgnoredWhereTheyDoNotApply() {
        ch.fail(us.busy(), "late failure", t);
        assertEquals(FxsState.IDLE, ch.state(), "an idle line plays no failure tone");
        ch.stopRinging(t);
        assertEquals(FxsState.IDLE, ch.state());
        assertEquals(List.of(), ch.history());
    }

    // ---- port fault reset ----------------------------------------------------------------

    @Test
    void resetAfterFaultTurnsRingingAndTonesOffFromEveryBusyState() {
        ch.ring(new CallerId("6000", "Reception", LocalDateTime.of(2025, 1, 1, 10, 0)), t);
        run(300); // polarity reversal and first ring under way
        ch.resetAfterFault("port fault in timers", t);
        assertEquals(FxsState.IDLE, ch.state());
        assertFalse(ch.ringing());
        assertEquals("RING OFF", port.events.stream().filter(e -> e.startsWith("RING")).reduce((a, b) -> b).orElse(null),
                "ringing voltage off: " + port.events);
        assertEquals("RINGING->IDLE (port fault in timers)", ch.history().getLast().toString());

        offHook();
        ch.resetAfterFault("port fault in audio in", t);
        assertEquals(FxsState.IDLE, ch.state());
        assertEquals(null, ch.toneName(), "dial tone off");
        tick();
        assertTrue(isSilent(port.lastOut), "the line hears silence after the reset");
        onHookFor(TIMERS.hangup() + 40);
        assertEquals(FxsState.IDLE, ch.state(), "hanging up after the reset changes nothing");
        offHook();
        assertEquals(FxsState.DIALTONE, ch.state(), "the next lift gets dial tone again");

        int before = ch.history().size();
        onHookFor(TIMERS.hangup() + 40);
        ch.resetAfterFault("idle reset", t);
        assertEquals(before + 1, ch.history().size(), "an idle line is not moved");
    }

    @Test
    void anOutOfServiceLineIsNotIdleForNewCalls() {
        assertTrue(ch.isIdle());
        ch.setInService(false);
        assertFalse(ch.isIdle(), "out of service: not offered calls");
        ch.setInService(true);
        assertTrue(ch.isIdle());
    }

    // ---- helpers ------------------------------------------------------------------------

    private void assertHistory(String... expected) {
        assertEquals(List.of(expected), ch.history().stream().map(Object::toString).toList());
    }

    private void offHook() {
        ch.onLineEvent(LineEvent.OFF_HOOK, t);
        tick();
    }

    private void onHookFor(long ms) {
        ch.onLineEvent(LineEvent.ON_HOOK, t);
        run(ms);
    }

    private void dial(String digits) {
        try (DtmfGenerator g = new DtmfGenerator(80, 80, -10)) {
            g.queue(digits);
            int frames = digits.length() * 8 + 4;
            for (int i = 0; i < frames; i++) {
                short[] f = new short[160];
                g.generate(f, 0, 160);
                port.input = f;
                tick();
            }
        }
        port.input = new short[160];
    }

    private void run(long ms) {
        long end = t + ms;
        while (t < end) tick();
    }

    private void tick() {
        t += 20;
        ch.audioIn(port.input, t);
        ch.timers(t);
        ch.audioOut();
    }

    private static boolean isSilent(short[] f) {
        for (short s : f) if (s != 0) return false;
        return true;
    }

    private static final class Events implements FxsListener {
        final List<String> log = new ArrayList<>();
        @Override public void onSeized(FxsChannel l) { log.add("seized"); }
        @Override public void onDialled(FxsChannel l, String n) { log.add("dialled " + n); }
        @Override public void onAnswered(FxsChannel l) { log.add("answered"); }
        @Override public void onHangup(FxsChannel l) { log.add("hangup"); }
        @Override public void onFlash(FxsChannel l) { log.add("flash"); }
    }

    /** The port side: records what the channel does to the line (ring, polarity) and what it plays. */
    private static final class RecordingPort implements LinePort {
        final List<String> events = new ArrayList<>();
        short[] input = new short[160];
        short[] lastOut = new short[160];
        @Override public String id() { return "fxs9"; }
        @Override public PortKind kind() { return PortKind.FXS; }
        @Override public boolean isDeviceConnected() { return true; }
        @Override public void setRinging(boolean on) { events.add(on ? "RING ON" : "RING OFF"); }
        @Override public void setPolarity(boolean reversed) { events.add(reversed ? "POLARITY REVERSE" : "POLARITY NORMAL"); }
        @Override public void setHook(boolean offHook) { throw new AssertionError("an FXS port has no hook to set"); }
        @Override public void reportError(String text) { events.add("ERROR " + text); }
        @Override public short[] readFrame() { return input; }
        @Override public void writeFrame(short[] pcm) { lastOut = pcm.clone(); }
    }
}
