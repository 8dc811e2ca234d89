package dev.lifeline.util;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tinylog.Logger;

/**
 * The one thread that runs signalling, calls and media ticks. Drivers and protocol stacks hand
 * their events to it, so the state machines above never share state across threads.
 * A task that throws is logged and the engine keeps running: one bad port must not silence
 * the others (ports and calls are also isolated inside the tick, see AnalogLines). A
 * {@link VirtualMachineError} (out of memory, stack overflow, internal error) is logged and
 * rethrown, not swallowed: the JVM can no longer be trusted, and a gateway that keeps ticking on
 * a broken heap hides the failure; the service manager restarts the process.
 */
public final class Engine implements AutoCloseable {
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private volatile Thread thread;
    private volatile java.util.function.Consumer<VirtualMachineError> onFatal = e -> { };

    public Engine(Clock clock) {
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "engine");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            thread = t;
            return t;
        });
    }

    public Clock clock() { return clock; }

    /**
     * What to do after a {@link VirtualMachineError} on the engine, before it is rethrown. A
     * rethrown error ends a periodic task (the tick) for good, so the running gateway halts the
     * process here and its supervisor starts it again; tests leave the default (nothing).
     */
    public void onFatal(java.util.function.Consumer<VirtualMachineError> handler) { this.onFatal = handler; }

    public boolean inEngine() { return Thread.currentThread() == thread; }

    public void execute(Runnable task) {
        if (executor.isShutdown()) return;
        executor.execute(guarded(task));
    }

    /** Runs a task on the engine and waits for its result (status snapshots, shutdown). */
    public <T> T call(Callable<T> task, long timeoutMs) throws Exception {
        if (inEngine()) return task.call();
        Future<T> f = executor.submit(task);
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } catch (TimeoutException e) {
            f.cancel(false);
            throw e;
        }
    }

    public ScheduledFuture<?> every(long periodMs, Runnable task) {
        return executor.scheduleAtFixedRate(guarded(task), periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    public ScheduledFuture<?> after(long delayMs, Runnable task) {
        return executor.schedule(guarded(task), delayMs, TimeUnit.MILLISECONDS);
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (VirtualMachineError e) {
                Logger.error(e, "engine: fatal JVM error, not swallowed");
                onFatal.accept(e);
                throw e;
            } catch (Throwable t) {
                Logger.error(t, "engine task failed");
            }
        };
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
