package dev.lifeline.sip.overload;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Gives back, after a storm, the memory the storm made the JVM take. The serial collector shrinks
 * the heap only in a full collection, and a quiet gateway never needs one: so when the admission
 * counters show a storm ({@code 503}s, drops) followed by {@link #QUIET_S} seconds without any,
 * it runs one. The pause is tens of milliseconds on a ~30 MB live heap, once per storm; it is
 * logged with what the storm cost. One daemon thread, one check a second.
 */
public final class StormRecovery implements AutoCloseable {
    static final int QUIET_S = 10;

    private final Admission admission;
    private final Runnable collect;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "storm-recovery");
        t.setDaemon(true);
        return t;
    });
    private long lastRefused;
    private long stormRefused;
    private int quietSeconds = -1; // -1: no storm seen since the last recovery

    public StormRecovery(Admission admission) { this(admission, System::gc, true); }

    StormRecovery(Admission admission, Runnable collect, boolean schedule) {
        this.admission = admission;
        this.collect = collect;
        this.lastRefused = refused();
        if (schedule) timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    private long refused() {
        Admission.Stats s = admission.stats();
        return s.rejected() + s.dropped() + s.queueFull() + s.stale();
    }

    /** One second's check (called by the timer; tests call it directly). */
    void check() {
        long now = refused();
        if (now != lastRefused) {
            if (quietSeconds < 0) Logger.warn("sip overload: storm — refusing requests the gateway cannot take (503/drop)");
            stormRefused += now - lastRefused;
            lastRefused = now;
            quietSeconds = 0;
            return;
        }
        if (quietSeconds < 0) return;
        if (++quietSeconds >= QUIET_S) {
            Logger.info("sip overload: storm over ({} requests refused); compacting the heap to give its memory back", stormRefused);
            collect.run();
            stormRefused = 0;
            quietSeconds = -1;
        }
    }

    @Override
    public void close() { timer.shutdownNow(); }
}
