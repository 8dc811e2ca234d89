package dev.lifeline.call;

import dev.lifeline.store.Cdr;
import dev.lifeline.store.CdrStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Writes CDRs off the engine thread: a durable SQLite commit (synchronous=FULL) takes
 * milliseconds, which the 20 ms media tick cannot spare. Writes are serialised in call-end order;
 * {@link #close()} waits for every queued CDR, so shutdown loses none.
 */
public final class CdrRecorder implements AutoCloseable {
    private final CdrStore store;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cdr-writer");
        t.setDaemon(false);
        return t;
    });

    private volatile Runnable onStored = () -> { };

    public CdrRecorder(CdrStore store) { this.store = store; }

    /** Called on the writer thread after each CDR is committed (the controller link sends it then). */
    public void onStored(Runnable listener) { this.onStored = listener; }

    public void record(Cdr cdr) {
        writer.execute(() -> {
            try {
                Cdr saved = store.insert(cdr);
                Logger.info("cdr {}: {} -> {} cause {} {}s", saved.seq(), saved.callingNumber(),
                        saved.calledDialled(), saved.q850Cause(), saved.billableSec());
                onStored.run();
            } catch (Exception e) {
                Logger.error(e, "could not store CDR {}", cdr.uuid());
            }
        });
    }

    /** Waits until every CDR handed in so far is committed. */
    public void flush() {
        try {
            writer.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            Logger.warn("CDR flush: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(30, TimeUnit.SECONDS)) Logger.error("CDR writer did not finish");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
