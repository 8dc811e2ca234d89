package dev.lifeline.sip.registrar;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * Group commit: one thread takes every change queued since its last commit and writes them in
 * one transaction, so a burst of N REGISTERs costs one fsync instead of N (with
 * {@code synchronous=FULL} an fsync is milliseconds on flash; one per REGISTER would cap the
 * registrar at a few hundred per second). Each caller gets a future completed only after its
 * change is durable, so a 200 OK is never sent for a binding a power cut could lose.
 *
 * <p>Batches are written in the order they were queued; after a commit the {@code committed}
 * callback sees each batch's changes in that order (listeners fire from here).
 */
final class GroupCommitWriter implements AutoCloseable {
    /** Upper bound of one transaction, so a huge backlog still commits in slices. */
    static final int MAX_GROUP = 2_000;

    private record Batch(List<LocationChange> changes, CompletableFuture<Void> done) { }

    private final BlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
    private final Consumer<List<LocationChange>> write;
    private final Consumer<List<LocationChange>> committed;
    private final Thread thread;
    private volatile boolean running = true;

    GroupCommitWriter(String name, Consumer<List<LocationChange>> write, Consumer<List<LocationChange>> committed) {
        this.write = write;
        this.committed = committed;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code changes} (may be empty: then the future just waits for the changes queued before it). */
    CompletableFuture<Void> submit(List<LocationChange> changes) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new IllegalStateException("location store is closed"));
            return f;
        }
        queue.add(new Batch(List.copyOf(changes), f));
        return f;
    }

    private void run() {
        List<Batch> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Batch first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                group.clear();
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void commit(List<Batch> group) {
        List<LocationChange> all = new ArrayList<>();
        for (Batch b : group) all.addAll(b.changes());
        try {
            if (!all.isEmpty()) write.accept(all);
        } catch (RuntimeException e) {
            Logger.error(e, "location store: writing {} binding changes failed", all.size());
            for (Batch b : group) b.done().completeExceptionally(e);
            return;
        }
        for (Batch b : group) {
            try {
                if (!b.changes().isEmpty()) committed.accept(b.changes());
            } catch (RuntimeException e) {
                Logger.warn(e, "location listener failed");
            }
            b.done().complete(null);
        }
    }

    /** Stops taking changes and waits until the queued ones are committed. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
