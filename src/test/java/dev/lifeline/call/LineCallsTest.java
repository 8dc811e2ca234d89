package dev.lifeline.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.call.RouterTest.FakeLeg;
import dev.lifeline.config.DigitMap;
import dev.lifeline.dsp.CallerIdFormat;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.hal.LineEvent;
import dev.lifeline.hal.LinePort;
import dev.lifeline.hal.PortKind;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.Database;
import dev.lifeline.tdm.FxsChannel;
import dev.lifeline.tdm.FxsState;
import dev.lifeline.tdm.FxsTimers;
import dev.lifeline.tdm.TransitionTable;
import dev.lifeline.util.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.lifeline.call.AppearanceState.*;

/**
 * The line appearances of one analog line (call waiting, hold, recall) with a real FXS channel
 * and call engine, and fake far parties; time is a {@link ManualClock}, the tick is driven by hand.
 */
class LineCallsTest {
    private final ManualClock clock = new ManualClock();
    private final Port port = new Port();
    private final FxsChannel ch = new FxsChannel(port, ToneZone.forName("us"), FxsTimers.defaults(),
            DigitMap.parse("[6-7]xxx"), CallerIdFormat.MDMF, true);
    private final FakeLeg b = new FakeLeg("fxs:fxs2", "6001");
    private final FakeLeg c = new FakeLeg("fxs:fxs3", "6002");
    private Database db;
    private CdrRecorder cdrs;
    private CallEngine engine;
    private FxsLeg line;

    @BeforeEach
    void setUp(@TempDir Path tmp) {
        db = Database.open(tmp.resolve("cdr.db"));
        cdrs = new CdrRecorder(new CdrStore(db), dev.lifeline.store.CdrSpool.in(tmp), dev.lifeline.util.Clock.SYSTEM,
                CdrBacklog.Health.NONE);
        Directory dir = new Directory();
        engine = new CallEngine(clock, "gw1", dir, n -> n, 60_000, cdrs, () -> "normal");
        line = new FxsLeg(ch, "6000", "Reception", engine, clock);
        ch.setListener(line);
        dir.add("6000", line::legForOffer);
        dir.add(b);
        dir.add(c);
    }

    @AfterEach
    void tearDown() {
        ch.close();
        cdrs.close();
        db.close();
    }

    @Test
    void theTableDeclaresExactlyTheseTransitionsAndRefusesEveryOther() {
        var declared = new EnumMap<AppearanceState, Set<AppearanceState>>(AppearanceState.class);
        declared.put(FREE, EnumSet.of(RINGING, WAITING, ACTIVE));
        declared.put(RINGING, EnumSet.of(ACTIVE, FREE));
        declared.put(WAITING, EnumSet.of(ACTIVE, RINGING, FREE));
        declared.put(ACTIVE, EnumSet.of(HELD, FREE, CONFERENCE));
        declared.put(HELD, EnumSet.of(ACTIVE, RECALL, FREE, CONFERENCE));
        declared.put(RECALL, EnumSet.of(ACTIVE, FREE));
        declared.put(CONFERENCE, EnumSet.of(ACTIVE, FREE));
        for (AppearanceState from : AppearanceState.values()) {
            for (AppearanceState to : AppearanceState.values()) {
                boolean allowed = declared.get(from).contains(to);
                assertEquals(allowed, AppearanceState.TABLE.allows(from, to), from + " -> " + to);
                var m = new TransitionTable.Machine<>(AppearanceState.TABLE, from);
                if (allowed) m.go(to, "test", 1);
                else assertThrows(IllegalStateException.class, () -> m.go(to, "test", 1));
            }
        }
    }

    @Test
    void aWaitingCallIsAnsweredByFlashTogglesWithTheHeldOneAndRecallsAfterHangUp() {
        talkWithB();
        engine.originate(c, "6000");
        assertEquals(List.of(ACTIVE, WAITING), line.appearances(), "the second call waits");
        assertTrue(c.events.contains("ringback"));
        assertFalse(port.events.contains("RING ON"), "a line in a call does not ring");
        run(400);
        assertTrue(heard(440), "the user hears the call-waiting tone");

        line.onFlash(ch);
        assertEquals(List.of(HELD, ACTIVE), line.appearances());
        assertTrue(c.events.contains("connect"), "flash answered the waiting call");
        assertTrue(says(line.audio()), "the held party hears the hold tone");

        line.onFlash(ch);
        assertEquals(List.of(ACTIVE, HELD), line.appearances(), "flash again toggles");

        hangUp();
        assertTrue(b.events.contains("release 16"), "the line hung up on fxs2: released with 16");
        assertEquals(List.of(FREE, RECALL), line.appearances(), "the held call rings the line back");
        assertEquals(FxsState.RINGING, ch.state());
        ch.onLineEvent(LineEvent.OFF_HOOK, clock.millis());
        assertEquals(List.of(FREE, ACTIVE), line.appearances(), "recall answered");
        assertEquals(FxsState.CONNECTED, ch.state());
        engine.hungUp(c);
        assertEquals(List.of(FREE, FREE), line.appearances());
        assertEquals(FxsState.TONE, ch.state(), "disconnect tone");
    }

    @Test
    void anUnansweredWaitingCallGetsBusyAfterTheNoAnswerTimeout() {
        talkWithB();
        engine.originate(c, "6000");
        run(20_100);
        assertEquals(List.of(ACTIVE, FREE), line.appearances());
        assertTrue(c.events.contains("release 17"), c.events.toString());
        assertEquals(FxsState.CONNECTED, ch.state(), "the call in progress goes on");
    }

    @Test
    void aFlashWithNoCallIsIgnored() {
        ch.onLineEvent(LineEvent.OFF_HOOK, clock.millis());
        run(100);
        line.onFlash(ch);
        assertEquals(List.of(FREE, FREE), line.appearances());
        assertEquals(FxsState.DIALTONE, ch.state());
    }

    @Test
    void aPlainFlashHoldsWithDialToneAndAFlashAtTheDialToneTakesTheCallBack() {
        talkWithB();
        line.onFlash(ch);
        assertEquals(List.of(HELD, FREE), line.appearances());
        assertEquals(FxsState.DIALTONE, ch.state());
        assertEquals("us/dial", ch.toneName());
        assertTrue(says(line.audio()), "fxs2 hears the hold tone");
        line.onFlash(ch);
        assertEquals(List.of(ACTIVE, FREE), line.appearances());
        assertEquals(FxsState.CONNECTED, ch.state());
        line.onFlash(ch);
        hangUp();
        assertEquals(List.of(RECALL, FREE), line.appearances(), "hanging up at the flash's dial tone recalls");
        assertTrue(port.events.contains("RING ON"));
    }

    @Test
    void flashDialFlashMakesAThreeWayCallAndAPartyLeavingLeavesTheOtherTwo() {
        talkWithB();
        line.onFlash(ch);
        line.onDialled(ch, "6002");
        assertEquals(List.of(HELD, ACTIVE), line.appearances());
        assertTrue(c.alerted());
        engine.answered(c);
        assertEquals(FxsState.CONNECTED, ch.state());
        line.onFlash(ch);
        assertEquals(List.of(CONFERENCE, CONFERENCE), line.appearances(), "flash again: three-way call");
        engine.hungUp(b);
        assertEquals(List.of(FREE, ACTIVE), line.appearances(), "fxs2 left: the line and fxs3 talk on");
        assertEquals(FxsState.CONNECTED, ch.state());
    }

    @Test
    void aFlashInTheThreeWayCallDropsTheThirdParty() {
        talkWithB();
        line.onFlash(ch);
        line.onDialled(ch, "6002");
        engine.answered(c);
        line.onFlash(ch);
        line.onFlash(ch);
        assertEquals(List.of(ACTIVE, FREE), line.appearances());
        assertTrue(c.events.contains("release 16"), c.events.toString());
        assertFalse(b.events.stream().anyMatch(e -> e.startsWith("release")), "fxs2 stays");
    }

    @Test
    void hangingUpWithASecondCallAnsweredTransfersTheHeldPartyAndFreesTheLine() {
        talkWithB();
        line.onFlash(ch);
        line.onDialled(ch, "6002");
        engine.answered(c);
        hangUp();
        assertEquals(List.of(FREE, FREE), line.appearances(), "the line is out of both calls");
        assertEquals(FxsState.IDLE, ch.state());
        assertEquals(1, engine.calls().size(), "one call left: fxs2 with fxs3");
        Call left = engine.calls().get(0);
        assertEquals(b, left.caller());
        assertEquals(c, left.callee());
        assertEquals(Call.Phase.CONNECTED, left.phase());
        assertTrue(b.events.stream().filter("connect"::equals).count() == 2, "fxs2 connected again, to fxs3: " + b.events);
        assertFalse(b.events.contains("dispose"), "fxs2 lives on in the second call");
        assertTrue(line.available(), "free for a new call");
    }

    @Test
    void hangingUpWhileTheSecondCallRingsIsABlindTransfer() {
        talkWithB();
        line.onFlash(ch);
        line.onDialled(ch, "6002");
        hangUp();
        assertEquals(List.of(FREE, FREE), line.appearances());
        Call left = engine.calls().get(0);
        assertEquals(Call.Phase.ALERTING, left.phase());
        assertEquals(b, left.caller());
        assertTrue(b.events.contains("ringback"), "fxs2 hears ringback: " + b.events);
        engine.answered(c);
        assertEquals(Call.Phase.CONNECTED, left.phase());
    }

    @Test
    void theWaitingCallerGivingUpStopsTheAlert() {
        talkWithB();
        engine.originate(c, "6000");
        run(100);
        engine.hungUp(c);
        assertEquals(List.of(ACTIVE, FREE), line.appearances());
        run(2000);
        assertFalse(heard(440), "no more call-waiting tone");
    }

    private void talkWithB() {
        engine.originate(b, "6000");
        assertEquals(FxsState.RINGING, ch.state());
        ch.onLineEvent(LineEvent.OFF_HOOK, clock.millis());
        assertEquals(List.of(ACTIVE, FREE), line.appearances());
        assertTrue(b.events.contains("connect"));
    }

    private void hangUp() {
        ch.onLineEvent(LineEvent.ON_HOOK, clock.millis());
        run(900);
    }

    private final List<short[]> out = new ArrayList<>();

    private void run(long ms) {
        long end = clock.millis() + ms;
        while (clock.millis() < end) {
            clock.advance(20);
            long now = clock.millis();
            ch.audioIn(new short[160], now);
            ch.timers(now);
            engine.tick(now);
            line.tick(now);
            ch.audioOut();
            out.add(port.lastOut);
            if (out.size() > 100) out.remove(0);
        }
    }

    /** Whether {@code hz} dominated a frame the line played in the last 2 s. */
    private boolean heard(double hz) {
        for (short[] f : out) if (dev.lifeline.testutil.Goertzel.dominant(f, 0, f.length, hz, 0.5)) return true;
        return false;
    }

    private static boolean says(dev.lifeline.media.AudioSource a) {
        short[] f = new short[160];
        for (int i = 0; i < 10; i++) {
            if (a.read(f)) for (short s : f) if (s != 0) return true;
        }
        return false;
    }

    private static final class Port implements LinePort {
        final List<String> events = new ArrayList<>();
        short[] lastOut = new short[160];
        @Override public String id() { return "fxs1"; }
        @Override public PortKind kind() { return PortKind.FXS; }
        @Override public boolean isDeviceConnected() { return true; }
        @Override public void setRinging(boolean on) { events.add(on ? "RING ON" : "RING OFF"); }
        @Override public void setPolarity(boolean reversed) { }
        @Override public void setHook(boolean offHook) { }
        @Override public void reportError(String text) { }
        @Override public short[] readFrame() { return new short[160]; }
        @Override public void writeFrame(short[] pcm) { lastOut = pcm.clone(); }
    }
}
