package dev.lifeline.mgmt.controller;

import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrStore;
import dev.lifeline.util.Clock;
import dev.lifeline.util.Json;
import java.util.ArrayDeque;
import java.util.List;
import org.tinylog.Logger;

/**
 * Store-and-forward of CDRs to the controller (DESIGN §9). CDRs leave the SQLite journal in seq
 * order, in batches of {@code batch}, QoS 1; a CDR is deleted locally only once the controller
 * has said on {@code cdr/ack} that it stored every CDR up to that seq (and never beyond what this
 * gateway has actually sent).
 *
 * <p>Why a window: waiting for each batch's ack before sending the next would make the drain rate
 * one batch per round trip through the controller's database. Up to {@code window} batches are
 * out at once, so reading, sending and the controller's storing overlap.
 *
 * <p>Why resending is always safe: after a reconnect, a {@code resync-cdrs} command or an ack that
 * never came, sending restarts from the lowest unacknowledged seq. The controller de-duplicates
 * by (gateway id, seq), so a CDR may arrive twice but is never missing.
 *
 * <p>Runs on its own thread ({@code cdr-sync}): SQLite reads and deletes take milliseconds that
 * neither the engine thread nor the MQTT callback thread should spend. New CDRs are picked up
 * when {@link #nudge()} is called (the CDR writer does) and at the latest every 200 ms.
 */
public final class CdrSync implements AutoCloseable {
    public static final int DEFAULT_WINDOW = 4;
    static final long IDLE_POLL_MS = 200;
    static final long JOURNAL_CHECK_MS = 1_000;
    static final long DEFAULT_ACK_TIMEOUT_MS = 60_000;
    private static final int QOS = 1;

    /** The last completed drain, for logs and benchmarks. */
    public record Drain(long cdrs, long millis) {
        public double perSecond() { return millis == 0 ? cdrs * 1000.0 : cdrs * 1000.0 / millis; }
    }

    private record Batch(long first, long last) { }

    private final CdrStore store;
    private final Outbox out;
    private final String topic;
    private final String gatewayId;
    private final String site;
    private final int batch;
    private final int window;
    private final long ackTimeoutMs;
    private final JournalWatch journal;
    private final Clock clock;
    private final Thread thread;

    private final Object lock = new Object();
    // guarded by lock
    private boolean online;
    private boolean wake;
    private boolean restart;
    private long ackedUpTo;     // the controller has everything <= this (cdr/ack, capped at what was sent by then)
    // only touched by the sync thread
    private long deletedUpTo;   // journal rows <= this are gone: acknowledged (rows are deleted only once acked)
    private long cursor;        // last seq handed to the client in this round
    private volatile long highestSent; // highest seq ever handed to the client by this process
    private final ArrayDeque<Batch> inFlight = new ArrayDeque<>();
    private long lastProgressAt;
    private long lastJournalCheck = Long.MIN_VALUE / 2;
    private long drainStartedAt = -1;
    private long drainFirstSeq;
    private volatile long backlog;
    private volatile long sentTotal;
    private volatile long passes;
    private volatile Drain lastDrain;
    private volatile boolean closed;

    CdrSync(CdrStore store, Outbox out, Topics topics, int batch, int window, long ackTimeoutMs, JournalWatch journal,
            Clock clock) {
        this.store = store;
        this.out = out;
        this.topic = topics.cdr();
        this.gatewayId = topics.gatewayId();
        this.site = topics.site();
        this.batch = batch;
        this.window = window;
        this.ackTimeoutMs = ackTimeoutMs;
        this.journal = journal;
        this.clock = clock;
        this.backlog = store.count();
        long first = store.firstSeq(); // what earlier runs had acknowledged is gone from the journal
        this.deletedUpTo = first > 0 ? first - 1 : store.lastSeq();
        this.thread = new Thread(this::run, "cdr-sync");
        this.thread.setDaemon(true);
    }

    void start() { thread.start(); }

    /** The link is up (again): send from the lowest unacknowledged seq. */
    void onConnected() {
        synchronized (lock) {
            online = true;
            restart = true;
            wake = true;
            lock.notifyAll();
        }
    }

    void onDisconnected() {
        synchronized (lock) {
            online = false;
        }
    }

    /** {@code resync-cdrs}: resend everything not yet acknowledged. Returns the seq sending restarts after. */
    long resync() {
        synchronized (lock) {
            restart = true;
            wake = true;
            lock.notifyAll();
            return ackedUpTo;
        }
    }

    /**
     * {@code cdr/ack}: the controller has stored every CDR with seq <= {@code upTo}. Any thread.
     * Capped at what this gateway had sent when the ack arrived: an ack can only be about CDRs
     * the controller could have received, so an over-eager one never deletes an unsent CDR.
     */
    void onAck(long upTo) {
        long capped = Math.min(upTo, highestSent);
        synchronized (lock) {
            if (capped <= ackedUpTo) return;
            ackedUpTo = capped;
            wake = true;
            lock.notifyAll();
        }
    }

    /** A CDR was written: look at the journal now rather than at the next poll. Any thread. */
    public void nudge() {
        synchronized (lock) {
            wake = true;
            lock.notifyAll();
        }
    }

    /** CDRs in the journal not yet acknowledged (as of the last look). */
    public long backlog() { return backlog; }

    /** CDRs handed to the client since start (resends included). */
    public long sentTotal() { return sentTotal; }

    /**
     * Completed passes of the sync loop. A pass that sent nothing is an event too: waiting for two
     * more passes proves the loop looked at the journal and the acks again and chose to send nothing.
     */
    public long passes() { return passes; }

    /** The last backlog that was sent and acknowledged completely, or null. */
    public Drain lastDrain() { return lastDrain; }

    private void run() {
        while (!closed) {
            boolean isOnline;
            boolean doRestart;
            long acked;
            synchronized (lock) {
                if (!wake) {
                    try {
                        lock.wait(IDLE_POLL_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                wake = false;
                isOnline = online;
                doRestart = restart;
                restart = false;
                acked = ackedUpTo;
            }
            if (closed) return;
            try {
                step(isOnline, doRestart, acked);
                passes++;
            } catch (RuntimeException e) {
                Logger.error(e, "cdr sync: {}", e.getMessage());
                sleepQuietly(1_000);
            }
        }
    }

    private void step(boolean isOnline, boolean doRestart, long acked) {
        long now = clock.millis();
        deleteAcknowledged(acked, now);
        if (now - lastJournalCheck >= JOURNAL_CHECK_MS) {
            lastJournalCheck = now;
            backlog = store.count();
            journal.update(backlog);
        }
        if (!isOnline) return;
        if (doRestart) restartFrom(deletedUpTo, "link up or resync", now);
        if (!inFlight.isEmpty() && now - lastProgressAt >= ackTimeoutMs) {
            restartFrom(deletedUpTo, "no cdr/ack for " + (now - lastProgressAt) / 1000 + " s", now);
        }
        while (inFlight.size() < window && !closed) {
            List<Cdr> next = store.after(cursor, batch);
            if (next.isEmpty()) break;
            Batch b = new Batch(next.get(0).seq(), next.get(next.size() - 1).seq());
            String json = Json.write(CdrJson.batch(gatewayId, site, deletedUpTo, next));
            long before = highestSent;
            highestSent = Math.max(before, b.last); // before publishing: the ack can come back before publish() returns
            if (!out.publish(topic, json, QOS, false)) {
                highestSent = before;
                break; // link down: the reconnect restarts the round
            }
            if (inFlight.isEmpty()) lastProgressAt = now;
            if (drainStartedAt < 0) {
                drainStartedAt = now;
                drainFirstSeq = b.first;
            }
            inFlight.add(b);
            cursor = b.last;
            sentTotal += next.size();
            Logger.debug("cdr sync: sent {}..{} ({} in flight)", b.first, b.last, inFlight.size());
        }
    }

    /** Deletes what the controller acknowledged, but never past what this process has sent. */
    private void deleteAcknowledged(long acked, long now) {
        long upTo = acked;
        if (upTo <= deletedUpTo) return;
        int deleted = store.deleteUpTo(upTo);
        deletedUpTo = upTo;
        lastProgressAt = now;
        while (!inFlight.isEmpty() && inFlight.peekFirst().last <= upTo) inFlight.removeFirst();
        backlog = Math.max(0, backlog - deleted);
        Logger.debug("cdr sync: controller has up to {}; deleted {} from the journal", upTo, deleted);
        if (inFlight.isEmpty() && drainStartedAt >= 0 && upTo >= cursor && store.after(cursor, 1).isEmpty()) {
            finishDrain(upTo, now);
        }
    }

    private void finishDrain(long upTo, long now) {
        Drain d = new Drain(upTo - drainFirstSeq + 1, now - drainStartedAt);
        drainStartedAt = -1;
        lastDrain = d;
        if (d.cdrs() >= 1000) {
            Logger.info("cdr sync: drained {} CDRs in {} ms ({} CDRs/s)", d.cdrs(), d.millis(), Math.round(d.perSecond()));
        } else {
            Logger.debug("cdr sync: {} CDR(s) acknowledged in {} ms", d.cdrs(), d.millis());
        }
    }

    private void restartFrom(long seq, String why, long now) {
        if (!inFlight.isEmpty() || cursor != seq) {
            Logger.info("cdr sync: sending again from seq {} ({})", seq + 1, why);
        }
        inFlight.clear();
        cursor = seq;
        lastProgressAt = now;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the thread; what was not acknowledged stays in the journal for the next start. */
    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
