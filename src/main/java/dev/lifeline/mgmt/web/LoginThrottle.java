package dev.lifeline.mgmt.web;

import dev.lifeline.util.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows password guessing per source address: the first {@link #FREE_FAILURES} failures cost
 * nothing (people mistype), then each further failure makes the source wait 1 s, 2 s, 4 s ... up
 * to {@link #MAX_DELAY_MS} before its next attempt is even checked. A success clears the source;
 * a source quiet for {@link #FORGET_MS} is forgotten. The table is bounded (the oldest entry goes),
 * so a scan from many addresses costs fixed memory.
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 3;
    static final long MAX_DELAY_MS = 60_000;
    static final long FORGET_MS = 15 * 60_000;
    static final int MAX_SOURCES = 1024;

    private record Entry(int failures, long lastFailure) {}

    private final Clock clock;
    private final LinkedHashMap<String, Entry> sources = new LinkedHashMap<>();

    LoginThrottle(Clock clock) { this.clock = clock; }

    /** How long {@code source} must still wait before its next attempt; 0 when it may try now. */
    synchronized long waitMs(String source) {
        Entry e = sources.get(source);
        if (e == null || e.failures <= FREE_FAILURES) return 0;
        long elapsed = clock.millis() - e.lastFailure;
        if (elapsed >= FORGET_MS) {
            sources.remove(source);
            return 0;
        }
        return Math.max(0, delayMs(e.failures) - elapsed);
    }

    synchronized void failed(String source) {
        long now = clock.millis();
        Entry e = sources.remove(source);
        int n = e == null || now - e.lastFailure >= FORGET_MS ? 1 : e.failures + 1;
        sources.put(source, new Entry(n, now)); // re-inserted: insertion order is age order
        Iterator<Map.Entry<String, Entry>> oldest = sources.entrySet().iterator();
        while (sources.size() > MAX_SOURCES) {
            oldest.next();
            oldest.remove();
        }
    }

    synchronized void succeeded(String source) { sources.remove(source); }

    /** The wait after {@code failures} failures (more than the free ones). */
    static long delayMs(int failures) {
        int over = failures - FREE_FAILURES - 1;
        return over >= 16 ? MAX_DELAY_MS : Math.min(MAX_DELAY_MS, 1_000L << over);
    }
}
