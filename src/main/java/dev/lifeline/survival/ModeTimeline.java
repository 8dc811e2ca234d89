package dev.lifeline.survival;

import dev.lifeline.util.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The mode changes of the last 24 hours in wall-clock time, for people: the web console's "since
 * when, and why" and its 24-hour chart. {@link ModeMachine#history()} keeps only 16 transitions on
 * the monotonic clock, which is right for debugging but cannot say what a day looked like.
 *
 * <p>Bounded twice: changes older than {@link #WINDOW} are dropped (the mode they set is kept as
 * the mode at the window's start), and at most {@link #MAX_CHANGES} are kept whatever their age —
 * the hold-down makes even a flapping WAN change the mode far less often than that. Written on the
 * engine thread (as a {@link ModeListener}), read from any thread.
 */
public final class ModeTimeline implements ModeListener {
    public static final Duration WINDOW = Duration.ofHours(24);
    static final int MAX_CHANGES = 1_000;

    /** One mode change; {@code from} is null for the entry that marks the gateway's start. */
    public record Change(Instant at, Mode from, Mode to, String cause) {}

    /** The gateway was in {@code mode} from {@code from} to {@code to}. */
    public record Segment(Mode mode, Instant from, Instant to) {}

    private final Clock clock;
    private final ArrayDeque<Change> changes = new ArrayDeque<>();
    private Change base;

    public ModeTimeline(Clock clock, Mode initial) {
        this.clock = clock;
        this.base = new Change(clock.now(), null, initial, "gateway started");
    }

    @Override
    public synchronized void onModeChanged(Mode from, Mode to, String cause) {
        changes.addLast(new Change(clock.now(), from, to, cause));
        prune(clock.now());
    }

    /** The change that set the current mode (the start entry if none since). */
    public synchronized Change current() { return changes.isEmpty() ? base : changes.peekLast(); }

    /** The changes within the window, oldest first (without the start entry). */
    public synchronized List<Change> changes() {
        prune(clock.now());
        return new ArrayList<>(changes);
    }

    /**
     * The window as consecutive segments, oldest first, ending now. The first begins at the
     * window's start, or when the gateway started if that was later (before it, nothing is known).
     */
    public synchronized List<Segment> segments() {
        Instant now = clock.now();
        prune(now);
        Instant windowStart = now.minus(WINDOW);
        List<Segment> out = new ArrayList<>();
        Instant from = base.at().isAfter(windowStart) ? base.at() : windowStart;
        Mode mode = base.to();
        for (Change c : changes) {
            if (c.at().isAfter(from)) out.add(new Segment(mode, from, c.at()));
            from = c.at().isAfter(from) ? c.at() : from;
            mode = c.to();
        }
        out.add(new Segment(mode, from, now));
        return out;
    }

    /** Drops what fell out of the window or over the bound; the last dropped change becomes the base. */
    private void prune(Instant now) {
        Instant windowStart = now.minus(WINDOW);
        while (!changes.isEmpty() && (changes.size() > MAX_CHANGES || changes.peekFirst().at().isBefore(windowStart))) {
            base = changes.pollFirst();
        }
    }
}
