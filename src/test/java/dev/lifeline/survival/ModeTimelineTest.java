package dev.lifeline.survival;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.util.ManualClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModeTimelineTest {
    private static final long MIN = 60_000, HOUR = 60 * MIN;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T00:00:00Z"));

    @Test
    void segmentsCoverTheDayFromTheStart() {
        ModeTimeline t = new ModeTimeline(clock, Mode.NORMAL);
        assertEquals("gateway started", t.current().cause());
        clock.advance(2 * HOUR);
        t.onModeChanged(Mode.NORMAL, Mode.SURVIVAL, "3 probe misses");
        clock.advance(10 * MIN);
        t.onModeChanged(Mode.SURVIVAL, Mode.RECOVERING, "probe answered");
        clock.advance(MIN);
        t.onModeChanged(Mode.RECOVERING, Mode.NORMAL, "hold-down over");
        clock.advance(MIN);
        List<ModeTimeline.Segment> s = t.segments();
        assertEquals(List.of(Mode.NORMAL, Mode.SURVIVAL, Mode.RECOVERING, Mode.NORMAL), s.stream().map(ModeTimeline.Segment::mode).toList());
        assertEquals(Instant.parse("2026-12-06T00:00:00Z"), s.get(0).from(), "nothing is known before the start");
        assertEquals(Instant.parse("2026-12-06T02:00:00Z"), s.get(1).from());
        assertEquals(Instant.parse("2026-12-06T02:10:00Z"), s.get(1).to());
        assertEquals(clock.now(), s.get(3).to());
        assertEquals(Mode.NORMAL, t.current().to());
        assertEquals("hold-down over", t.current().cause());
        assertEquals(3, t.changes().size());
    }

    @Test
    void olderThanADayIsDroppedButTheModeItSetIsKept() {
        ModeTimeline t = new ModeTimeline(clock, Mode.NORMAL);
        clock.advance(HOUR);
        t.onModeChanged(Mode.NORMAL, Mode.SURVIVAL, "cut");
        clock.advance(30 * HOUR);
        assertTrue(t.changes().isEmpty(), "the change is older than the window");
        List<ModeTimeline.Segment> s = t.segments();
        assertEquals(1, s.size());
        assertEquals(Mode.SURVIVAL, s.get(0).mode(), "still in the mode it set");
        assertEquals(clock.now().minus(ModeTimeline.WINDOW), s.get(0).from());
        assertEquals(Mode.SURVIVAL, t.current().to());
        assertEquals("cut", t.current().cause(), "since when and why survive the pruning");
    }

    @Test
    void boundedEvenWhenTheModeFlaps() {
        ModeTimeline t = new ModeTimeline(clock, Mode.NORMAL);
        for (int i = 0; i < ModeTimeline.MAX_CHANGES + 50; i++) {
            clock.advance(1_000);
            t.onModeChanged(i % 2 == 0 ? Mode.NORMAL : Mode.SURVIVAL, i % 2 == 0 ? Mode.SURVIVAL : Mode.NORMAL, "flap " + i);
        }
        assertEquals(ModeTimeline.MAX_CHANGES, t.changes().size());
        assertEquals(ModeTimeline.MAX_CHANGES + 1, t.segments().size());
        assertEquals("flap " + (ModeTimeline.MAX_CHANGES + 49), t.current().cause());
    }
}
