package dev.lifeline.call;

import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrSpool;
import dev.lifeline.store.CdrStore;
import dev.lifeline.util.Clock;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.tinylog.Logger;

/**
 * Writes CDRs off the engine thread: a durable SQLite commit (synchronous=FULL) takes
 * milliseconds, and when the database is locked or the disk is full, seconds; the 20 ms media
 * tick can spare neither. The engine hands a CDR in and goes on; one writer thread commits them
 * in call-end order through a {@link CdrBacklog}, which keeps (memory + spool file) and retries
 * whatever the store refuses. {@link #close()} waits a bounded time for the backlog, and leaves
 * what is still not committed in the spool file, which the next start imports first.
 */
public final class CdrRecorder implements AutoCloseable {
    /** Memory bound of the backlog: past it, CDRs are kept only in the spool file. */
    public static final int MEMORY_BOUND = 10_000;
    static final long CLOSE_WAIT_MS = 5_000;

    private final CdrBacklog backlog;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Cdr> inbox = new ArrayDeque<>();
    private final Thread writer;
    private volatile Runnable onStored = () -> { };
    private boolean closing;
    private boolean stopped;
    private boolean busy;

    /** The gateway's recorder: spool in {@code <data>/spool/}, alarms through {@code health}. */
    public CdrRecorder(CdrStore store, CdrSpool spool, Clock clock, CdrBacklog.Health health) {
        this.backlog = new CdrBacklog(store::insert, spool, clock, MEMORY_BOUND, health, c -> onStored.run());
        backlog.loadSpool();
        writer = new Thread(this::run, "cdr-writer");
        writer.setDaemon(false);
        writer.start();
    }

    /** Called on the writer thread after each CDR is committed (the controller link sends it then). */
    public void onStored(Runnable listener) { this.onStored = listener; }

    /** Hands in the CDR of a call that ended; never blocks on the store. */
    public void record(Cdr cdr) {
        lock.lock();
        try {
            if (stopped) {
                backlog.spoolLate(cdr); // the writer has stopped; nothing else touches the backlog now
                return;
            }
            inbox.addLast(cdr);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** What the backlog holds, for status. */
    public CdrBacklog.Snapshot state() { return backlog.snapshot(); }

    private void run() {
        long waitMs = -1;
        java.util.List<Cdr> taken = new java.util.ArrayList<>();
        while (true) {
            lock.lock();
            try {
                boolean retry = waitMs >= 0;
                long retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, waitMs));
                while (inbox.isEmpty()) {
                    long now = System.nanoTime();
                    if (closing && (idle() || now - closeDeadline >= 0)) return;
                    if (retry && now - retryAt >= 0) break;
                    if (retry) awaitQuietly(closing ? Math.min(retryAt - now, closeDeadline - now) : retryAt - now);
                    else if (closing) awaitQuietly(closeDeadline - now);
                    else changed.awaitUninterruptibly();
                }
                taken.addAll(inbox);
                inbox.clear();
                if (closing && System.nanoTime() - closeDeadline >= 0) {
                    taken.forEach(backlog::offer); // spoolRemaining() (in close) puts them in the spool
                    return;
                }
                busy = true;
            } finally {
                lock.unlock();
            }
            // outside the lock: offer() may fsync the spool, and record() on the engine thread must never wait for that
            taken.forEach(backlog::offer);
            taken.clear();
            waitMs = backlog.drain();
            lock.lock();
            try {
                busy = false;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private boolean idle() {
        CdrBacklog.Snapshot s = backlog.snapshot();
        return s.inMemory() == 0 && !s.overflow();
    }

    private long closeDeadline;

    private void awaitQuietly(long nanos) {
        try {
            changed.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits (at most 10 s) until every CDR handed in so far is committed; returns false if that
     * did not happen (the store is failing; they are kept and retried).
     */
    public boolean flush() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        lock.lock();
        try {
            while (!inbox.isEmpty() || busy || !idle()) {
                if (backlog.snapshot().failing() && inbox.isEmpty() && !busy) return false;
                long left = end - System.nanoTime();
                if (left <= 0) return false;
                changed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops: commits what it can within {@value #CLOSE_WAIT_MS} ms (retrying a failing store),
     * then leaves the rest in the spool file for the next start.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closing) return;
            closeDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MS);
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(CLOSE_WAIT_MS + 15_000); // a commit in progress may sit in the 5 s busy timeout
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            // stuck in the driver: touching the backlog now would race it; CDRs not yet spooled may be lost
            Logger.error("CDR writer did not finish within {} ms; {} CDRs were waiting", CLOSE_WAIT_MS + 15_000,
                    backlog.snapshot().inMemory());
            return;
        }
        lock.lock();
        try {
            stopped = true;
            while (!inbox.isEmpty()) backlog.offer(inbox.removeFirst()); // handed in while the writer was finishing
            int left = backlog.spoolRemaining();
            if (left == 0) Logger.info("CDR writer stopped; every CDR committed");
        } finally {
            lock.unlock();
        }
    }
}
