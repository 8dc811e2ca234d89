package dev.lifeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.hal.SpanAlarm;
import dev.lifeline.hal.SpanPort;
import dev.lifeline.hal.gpio.Led;
import dev.lifeline.hal.gpio.Leds;
import dev.lifeline.mgmt.controller.Alarms;
import dev.lifeline.tdm.pri.E1Span;
import dev.lifeline.tdm.pri.PriCall;
import dev.lifeline.tdm.pri.PriCallControl;
import dev.lifeline.tdm.pri.PriListener;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The span-down alarm: raised for a span not in service, replayed to a late controller link, cleared when up, with the LED. */
class SpanAlarmReporterTest {
    private static final PriListener NOBODY = new PriListener() {
        @Override public void onSpanUp(long now) { }
        @Override public void onSpanDown(long now) { }
        @Override public void onIncoming(PriCall call, long now) { }
        @Override public void onAlerting(PriCall call, boolean inband, long now) { }
        @Override public void onAnswered(PriCall call, long now) { }
        @Override public void onCleared(PriCall call, int cause, boolean inband, long now) { }
        @Override public void onReleased(PriCall call, int cause, long now) { }
    };

    private static SpanPort port() {
        return new SpanPort() {
            @Override public String id() { return "e1a"; }
            @Override public List<Integer> timeslots() { return List.of(1, 2, 3); }
            @Override public boolean isDeviceConnected() { return false; }
            @Override public SpanAlarm layer1() { return SpanAlarm.DOWN; }
            @Override public void sendD(byte[] frame) { }
            @Override public boolean readB(int timeslot, byte[] out) { return false; }
            @Override public void writeB(int timeslot, byte[] alaw) { }
            @Override public void reportError(String text) { }
        };
    }

    @Test
    void aSpanIsDownUntilItReportsUpAndTheControllerHearsItWhenItConnects() {
        SpanAlarmReporter r = new SpanAlarmReporter();
        Leds leds = Leds.none();
        r.setLeds(leds);
        r.watch(new E1Span(port(), false, NOBODY));
        assertEquals("span-down", r.active().get(0).get("id"));
        assertTrue(String.valueOf(r.active().get(0).get("text")).startsWith("e1a: layer 1 DOWN, layer 2 "), r.active().toString());
        assertEquals(Led.State.OFF, leds.led("led-span").state());

        Alarms alarms = new Alarms(Instant::now);
        r.attach(alarms);
        assertTrue(alarms.isRaised("span-down"), "replayed to the link that came up later");
        assertEquals(Alarms.Severity.MAJOR, alarms.get("span-down").severity());

        r.update(new E1Span.Status("e1a", "pri-cpe", SpanAlarm.UP, "MULTIPLE_FRAME_ESTABLISHED", true,
                List.of(new PriCallControl.ChannelState(1, "idle"))));
        assertFalse(alarms.isRaised("span-down"), "cleared when the span is in service");
        assertTrue(r.active().isEmpty());
        assertEquals(Led.State.ON, leds.led("led-span").state());

        r.update(new E1Span.Status("e1a", "pri-cpe", SpanAlarm.AIS, "TEI_ASSIGNED", false, List.of()));
        assertTrue(alarms.get("span-down").text().contains("layer 1 AIS"), alarms.get("span-down").text());
        assertEquals(Led.State.OFF, leds.led("led-span").state());
    }
}
