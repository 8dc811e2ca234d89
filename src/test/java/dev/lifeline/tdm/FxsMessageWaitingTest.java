package dev.lifeline.tdm;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.config.DigitMap;
import dev.lifeline.dsp.CallerIdDecoder;
import dev.lifeline.dsp.CallerIdFormat;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.hal.LineEvent;
import dev.lifeline.hal.LinePort;
import dev.lifeline.hal.PortKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The message lamp of an FXS line as the phone sees it: the on-hook spill decoded from what the
 * line plays, when it is sent (state change, after a call) and when not (off hook, ringing),
 * and the dial tone a lifted handset hears. Explicit times, a recording port.
 */
class FxsMessageWaitingTest {
    private final Port port = new Port();
    private ToneZone zone = ToneZone.forName("us");
    private FxsChannel ch;
    private CallerIdDecoder phone;
    private long t = 1000;

    private void line(String zoneName) {
        zone = ToneZone.forName(zoneName);
        ch = new FxsChannel(port, zone, FxsTimers.defaults(), DigitMap.parse("[6-7]xxx"), CallerIdFormat.MDMF, true);
        phone = new CallerIdDecoder(zone.callerIdStandard());
    }

    @AfterEach
    void close() {
        if (ch != null) ch.close();
        if (phone != null) phone.close();
    }

    private void run(long ms) {
        for (long end = t + ms; t < end; ) {
            t += 20;
            ch.audioIn(new short[160], t);
            ch.timers(t);
            ch.audioOut();
            if (!ch.offHook()) phone.process(port.lastOut, 0, 160);
        }
    }

    private List<Boolean> lamps() {
        List<Boolean> out = new ArrayList<>();
        for (Boolean b = phone.pollMessageWaiting(); b != null; b = phone.pollMessageWaiting()) out.add(b);
        return out;
    }

    @Test
    void lampOnAndOffAreSentOnHookWithoutRinging() {
        line("us");
        ch.setMessageWaiting(true, 2, t);
        run(1500);
        assertEquals(List.of(true), lamps());
        assertTrue(ch.messageWaiting());
        assertEquals(2, ch.newMessages());
        assertFalse(port.events.contains("RING ON"), "no ringing: " + port.events);
        ch.setMessageWaiting(true, 3, t);
        run(1500);
        assertEquals(List.of(), lamps(), "a new count alone sends nothing");
        ch.setMessageWaiting(false, 0, t);
        run(1500);
        assertEquals(List.of(false), lamps());
        assertEquals(List.of(), port.events, "US: no polarity reversal");
    }

    @Test
    void liftedHandsetHearsTheMessageWaitingDialToneAndTheLampComesBackAfterTheCall() {
        line("us");
        ch.setMessageWaiting(true, 1, t);
        // the channel's own default order: the lamp's dial tone over plain dial tone (the gateway's full
        // order, DND > MWI > survival stutter, is its dialToneFrom supplier, docs/line-services.md)
        ch.onLineEvent(LineEvent.OFF_HOOK, t);
        run(100);
        assertEquals(zone.messageWaitingDial().name(), ch.toneName());
        ch.onLineEvent(LineEvent.ON_HOOK, t);
        run(500);
        assertEquals(List.of(), lamps(), "nothing while off hook or within a second of hanging up");
        run(2000);
        assertEquals(List.of(true), lamps(), "the spill interrupted by the lift is sent after the call");
        ch.setMessageWaiting(false, 0, t);
        run(1500);
        assertEquals(List.of(false), lamps());
        ch.onLineEvent(LineEvent.OFF_HOOK, t);
        run(100);
        assertEquals(zone.dial().name(), ch.toneName(), "without messages plain dial tone again");
    }

    @Test
    void anIncomingCallInterruptsTheSpillWhichFollowsLater() {
        line("us");
        ch.setMessageWaiting(true, 1, t);
        run(200); // spill under way
        ch.ring(null, t);
        run(300);
        ch.stopRinging(t);
        run(200);
        assertEquals(List.of(), lamps(), "cut short");
        run(2500);
        assertEquals(List.of(true), lamps(), "sent once idle again");
    }

    @Test
    void ukLinesReversePolarityAndAlertBeforeTheV23Spill() {
        line("uk");
        ch.setMessageWaiting(true, 1, t);
        run(1800);
        assertEquals(List.of(true), lamps());
        assertEquals(List.of("POLARITY REVERSE", "POLARITY NORMAL"), port.events);
    }

    private static final class Port implements LinePort {
        final List<String> events = new ArrayList<>();
        short[] lastOut = new short[160];
        @Override public String id() { return "fxs9"; }
        @Override public PortKind kind() { return PortKind.FXS; }
        @Override public boolean isDeviceConnected() { return true; }
        @Override public void setRinging(boolean on) { events.add(on ? "RING ON" : "RING OFF"); }
        @Override public void setPolarity(boolean reversed) { events.add(reversed ? "POLARITY REVERSE" : "POLARITY NORMAL"); }
        @Override public void setHook(boolean offHook) { throw new AssertionError(); }
        @Override public void reportError(String text) { events.add("ERROR " + text); }
        @Override public short[] readFrame() { return new short[160]; }
        @Override public void writeFrame(short[] pcm) { lastOut = pcm.clone(); }
    }
}
