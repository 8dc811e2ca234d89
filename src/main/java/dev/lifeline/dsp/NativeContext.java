package dev.lifeline.dsp;

import java.lang.ref.Cleaner;
import java.util.function.LongConsumer;

/**
 * Owns one malloc'd native DSP context. {@link #close()} frees it exactly once, from any
 * thread; a {@link Cleaner} frees it if the owner is dropped without closing, so a leaked
 * channel object cannot leak native memory. Owners synchronize their native calls with
 * close, so a context is never freed while in use.
 */
final class NativeContext {
    private static final Cleaner CLEANER = Cleaner.create();

    /** Must not reference the owner, or the owner would never become unreachable. */
    private static final class Release implements Runnable {
        private volatile long handle;
        private final LongConsumer free;

        Release(long handle, LongConsumer free) { this.handle = handle; this.free = free; }

        @Override public void run() {
            long h = handle;
            handle = 0;
            if (h != 0) free.accept(h);
        }
    }

    private final String what;
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    /** @throws IllegalStateException when the native constructor returned 0 */
    NativeContext(Object owner, String what, long handle, LongConsumer free) {
        if (handle == 0) throw new IllegalStateException("could not create native " + what + " (bad parameters or out of memory)");
        this.what = what;
        this.release = new Release(handle, free);
        this.cleanable = CLEANER.register(owner, release);
    }

    /** The live handle. @throws IllegalStateException after close */
    long handle() {
        long h = release.handle;
        if (h == 0) throw new IllegalStateException(what + " is closed");
        return h;
    }

    boolean isClosed() { return release.handle == 0; }

    /** Frees the context; Cleanable.clean runs the release at most once. */
    void close() { cleanable.clean(); }
}
