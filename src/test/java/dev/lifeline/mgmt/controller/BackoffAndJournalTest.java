package dev.lifeline.mgmt.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reconnect backoff with jitter, and the journal-filling thresholds with hysteresis. */
class BackoffAndJournalTest {
    @Test
    void delaysDoubleUpToTheMaximumWithJitterInTheUpperHalf() {
        Backoff b = new Backoff(1000, 30_000, new Random(1));
        long[] ceilings = {1000, 2000, 4000, 8000, 16_000, 30_000, 30_000};
        for (long c : ceilings) {
            long d = b.nextDelayMs();
            assertTrue(d >= c / 2 && d <= c, d + " within [" + c / 2 + ", " + c + "]");
        }
        b.reset();
        assertTrue(b.nextDelayMs() <= 1000);
        Set<Long> distinct = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Backoff fresh = new Backoff(1000, 30_000, new Random(i));
            for (int k = 0; k < 5; k++) fresh.nextDelayMs();
            distinct.add(fresh.nextDelayMs());
        }
        assertTrue(distinct.size() > 10, "gateways do not all come back in the same millisecond");
    }

    @Test
    void journalAlarmIsMajorFrom80CriticalFrom95AndClearedBelow70() {
        Alarms alarms = new Alarms(Instant::now);
        List<Alarms.Event> events = new ArrayList<>();
        alarms.setSink(events::add);
        JournalWatch w = new JournalWatch(alarms, 1000);
        w.update(799);
        assertFalse(alarms.isRaised(Alarms.JOURNAL_FILLING));
        w.update(800);
        assertEquals(Alarms.Severity.MAJOR, alarms.get(Alarms.JOURNAL_FILLING).severity());
        w.update(850);
        assertEquals(1, events.size(), "a growing count is not a new event");
        w.update(950);
        assertEquals(Alarms.Severity.CRITICAL, alarms.get(Alarms.JOURNAL_FILLING).severity());
        w.update(1200);
        assertEquals(2, events.size());
        w.update(900);
        assertEquals(Alarms.Severity.MAJOR, alarms.get(Alarms.JOURNAL_FILLING).severity(), "back down to major");
        w.update(750);
        assertTrue(alarms.isRaised(Alarms.JOURNAL_FILLING), "kept between 70 and 80 %");
        w.update(699);
        assertFalse(alarms.isRaised(Alarms.JOURNAL_FILLING));
        assertEquals(4, events.size());
        assertFalse(events.get(3).raised());
    }
}
