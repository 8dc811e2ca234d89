package dev.lifeline.call;

import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrSpool;
import dev.lifeline.util.Clock;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * The CDRs not yet committed, and what to do when the store refuses them. One thread drives it
 * (the recorder's writer); it does no waiting of its own, so tests drive it with a manual clock.
 *
 * <p>Rules: CDRs are committed in the order calls ended. When a commit throws (disk full,
 * {@code SQLITE_BUSY} after the busy timeout, an I/O error), every CDR still pending is appended
 * to the {@link CdrSpool} (fsynced) and kept in memory up to {@code bound}; the health callback
 * says the store is failing; retries follow with exponential backoff (200 ms doubling to 10 s).
 * Past the bound, CDRs are only in the spool ("overflow") and are read back from it after the
 * ones in memory. When a retry succeeds, everything pending is committed in order, then the spool
 * is imported (the store skips uuids it already has) and emptied, and health is told it recovered.
 * A CDR that can be neither committed, spooled nor kept in memory is the one case of loss: it is
 * counted and logged in full at ERROR.
 */
public final class CdrBacklog {
    static final long FIRST_RETRY_MS = 200;
    static final long MAX_RETRY_MS = 10_000;

    /** Where CDRs are committed ({@code CdrStore::insert}): returns the stored copy or throws. */
    @FunctionalInterface
    public interface Sink {
        Cdr insert(Cdr cdr);
    }

    /**
     * Told when the CDR store starts or stops failing. Implemented by the app layer, which raises
     * the {@code cdr-store-failing} alarm (the call layer does not know about alarms).
     */
    public interface Health {
        void failing(String text);

        void recovered(String text);

        Health NONE = new Health() {
            @Override public void failing(String text) { }
            @Override public void recovered(String text) { }
        };
    }

    /** What status shows. */
    public record Snapshot(boolean failing, int inMemory, boolean overflow, long lost, String lastError, String spoolFile) {}

    private record Entry(Cdr cdr, boolean spooled) {}

    private final Sink sink;
    private final CdrSpool spool;
    private final Clock clock;
    private final int bound;
    private final Health health;
    private final Consumer<Cdr> stored;
    private final ArrayDeque<Entry> pending = new ArrayDeque<>();
    private boolean overflow;
    private boolean failing;
    private String spoolProblem;
    private long backoffMs;
    private long nextAttemptMs;
    private long lost;
    private String lastError;
    /** The alarm text last given to {@link Health}, so a retry with the same story raises nothing new. */
    private String reported;
    private volatile Snapshot snapshot;

    public CdrBacklog(Sink sink, CdrSpool spool, Clock clock, int bound, Health health, Consumer<Cdr> stored) {
        this.sink = sink;
        this.spool = spool;
        this.clock = clock;
        this.bound = bound;
        this.health = health;
        this.stored = stored;
        this.snapshot = new Snapshot(false, 0, false, 0, null, spool.file().toString());
    }


    /**
     * Takes in the spool a previous run left (after a crash or a shutdown that could not write
     * everything): those CDRs come before any new one. Call once, before the first {@link #offer}.
     */
    public void loadSpool() {
        spool.prepare();
        List<Cdr> old;
        try {
            old = spool.readAll();
        } catch (IOException e) {
            Logger.error("CDR spool {}: cannot read ({}); it is left in place", spool.file(), e.getMessage());
            overflow = true; // retried after the memory queue
            update();
            return;
        }
        if (old.isEmpty()) return;
        for (Cdr c : old) {
            if (pending.size() < bound) pending.addLast(new Entry(c, true));
            else overflow = true;
        }
        Logger.warn("CDR spool {}: {} CDRs from an earlier run to import before new ones", spool.file(), old.size());
        update();
    }

    /** A CDR of a call that just ended. */
    public void offer(Cdr cdr) {
        if (!failing && !overflow) {
            if (pending.size() < bound) {
                pending.addLast(new Entry(cdr, false));
                update();
                return;
            }
        }
        boolean spooled = trySpool(cdr);
        if (!overflow && pending.size() < bound) {
            pending.addLast(new Entry(cdr, spooled));
        } else if (spooled) {
            if (!overflow) Logger.warn("CDR backlog: {} CDRs in memory; further ones are kept only in the spool {}", bound, spool.file());
            overflow = true;
        } else {
            lose(cdr, "memory bound " + bound + " reached and the spool is not writable");
        }
        update();
    }

    /**
     * Commits what it can. Returns the milliseconds until it wants to be called again (a retry
     * after a failure), or -1 when nothing is pending.
     */
    public long drain() {
        if (pending.isEmpty() && !overflow) return -1;
        long now = clock.millis();
        if (failing && now < nextAttemptMs) return nextAttemptMs - now;
        while (!pending.isEmpty()) {
            Entry e = pending.peekFirst();
            Cdr saved;
            try {
                saved = sink.insert(e.cdr());
            } catch (RuntimeException ex) {
                return fail(ex, now);
            }
            pending.removeFirst();
            committed(saved);
        }
        if (overflow) {
            try {
                for (Cdr c : spool.readAll()) committed(sink.insert(c));
            } catch (IOException | RuntimeException ex) {
                return fail(ex, now);
            }
            overflow = false;
        }
        if (!spool.isEmpty()) {
            try {
                spool.clear();
            } catch (IOException ex) {
                // every CDR in it is committed; the next start re-imports it and the store skips them
                Logger.warn("CDR spool {}: could not empty it ({}); its CDRs are committed and will be skipped", spool.file(),
                        ex.getMessage());
            }
        }
        if (failing) {
            failing = false;
            spoolProblem = null;
            backoffMs = 0;
            reported = null;
            Logger.info("CDR store works again; kept CDRs committed in order");
            update();
            health.recovered("CDR store works again; every kept CDR is committed");
        }
        update();
        return -1;
    }

    private void committed(Cdr saved) {
        Logger.info("cdr {}: {} -> {} cause {} {}s", saved.seq(), saved.callingNumber(), saved.calledDialled(),
                saved.q850Cause(), saved.billableSec());
        stored.accept(saved);
    }

    private long fail(Exception ex, long now) {
        lastError = String.valueOf(ex.getMessage());
        boolean first = !failing;
        failing = true;
        backoffMs = first ? FIRST_RETRY_MS : Math.min(backoffMs * 2, MAX_RETRY_MS);
        nextAttemptMs = now + backoffMs;
        spoolProblem = null;
        int n = pending.size();
        for (int i = 0; i < n; i++) {
            Entry e = pending.removeFirst();
            pending.addLast(e.spooled() || !trySpool(e.cdr()) ? e : new Entry(e.cdr(), true));
        }
        if (first) Logger.error("CDR store failing: {}; {} CDRs kept, retry in {} ms", lastError, pending.size(), backoffMs);
        String text = alarmText();
        if (!text.equals(reported)) {
            reported = text;
            health.failing(text);
        }
        update();
        return backoffMs;
    }

    /** The alarm text: why, where the CDRs are, and whether they would survive a power cut. */
    String alarmText() {
        String where = spoolProblem == null ? "kept in memory and in the spool file " + spool.file()
                : "kept ONLY IN MEMORY (spool file " + spool.file() + " not writable: " + spoolProblem + "), lost if the gateway stops";
        return "CDRs cannot be committed to the database (" + lastError + "); " + where + "; retrying";
    }

    private boolean trySpool(Cdr cdr) {
        try {
            spool.append(cdr);
            return true;
        } catch (IOException | RuntimeException e) {
            if (spoolProblem == null) Logger.error("CDR spool {}: append failed: {}", spool.file(), e.getMessage());
            spoolProblem = String.valueOf(e.getMessage());
            return false;
        }
    }

    private void lose(Cdr cdr, String why) {
        lost++;
        Logger.error("CDR LOST ({}): {}", why, dev.lifeline.store.CdrLine.write(cdr));
    }

    /**
     * At shutdown, after the last drain: makes sure every pending CDR is in the spool for the next
     * start. Returns how many are (still) not committed.
     */
    public int spoolRemaining() {
        int left = pending.size();
        for (Entry e : pending) {
            if (!e.spooled() && !trySpool(e.cdr())) lose(e.cdr(), "shutdown with the database and the spool both failing");
        }
        if (left > 0 || overflow) {
            Logger.warn("CDR backlog: {} CDRs not committed at shutdown; they are in {} for the next start", left, spool.file());
        }
        pending.clear();
        update();
        return left;
    }

    /** Appends directly to the spool (a CDR handed in after shutdown). */
    void spoolLate(Cdr cdr) {
        if (trySpool(cdr)) Logger.warn("CDR {} arrived after shutdown; spooled to {} for the next start", cdr.uuid(), spool.file());
        else lose(cdr, "arrived after shutdown and the spool is not writable");
    }

    public boolean idle() { return pending.isEmpty() && !overflow; }

    public boolean failing() { return failing; }

    /** A consistent view for status, readable from any thread. */
    public Snapshot snapshot() { return snapshot; }

    private void update() {
        snapshot = new Snapshot(failing, pending.size(), overflow, lost, failing ? lastError : null, spool.file().toString());
    }
}
