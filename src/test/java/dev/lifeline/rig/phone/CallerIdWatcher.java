package dev.lifeline.rig.phone;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.dsp.CallerIdDecoder;
import dev.lifeline.dsp.CallerIdStandard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The phone's caller-ID display unit: feeds on-hook audio to a {@link CallerIdDecoder} of the
 * zone's standard and queues what it decodes. When the DSP layer is not available it stays
 * silent and says why in {@link #unavailableCause()}.
 */
final class CallerIdWatcher implements AutoCloseable {
    private CallerIdDecoder decoder;
    private String unavailable;
    private final List<CallerId> decoded = new ArrayList<>();
    private int consumed;
    private final Consumer<CallerId> onDecoded;

    CallerIdWatcher(CallerIdStandard standard, Consumer<CallerId> onDecoded) {
        this.onDecoded = onDecoded;
        try {
            decoder = new CallerIdDecoder(standard);
        } catch (RuntimeException | LinkageError e) {
            unavailable = "caller-ID decoder unavailable: " + e;
        }
    }

    /** Called from the reader thread with on-hook audio. */
    void feed(short[] pcm) {
        CallerIdDecoder d;
        synchronized (this) { d = decoder; }
        if (d == null) return;
        try {
            d.process(pcm, 0, pcm.length);
            for (CallerId id = d.poll(); id != null; id = d.poll()) {
                synchronized (this) {
                    decoded.add(id);
                    notifyAll();
                }
                onDecoded.accept(id);
            }
        } catch (RuntimeException | LinkageError e) {
            synchronized (this) {
                unavailable = "caller-ID decoder failed: " + e;
                decoder = null;
            }
        }
    }

    synchronized String unavailableCause() { return unavailable; }

    synchronized List<CallerId> all() { return List.copyOf(decoded); }

    /** The oldest decoded caller ID not yet returned by this method, waiting up to {@code timeout}; null if none. */
    synchronized CallerId await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumed >= decoded.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            wait(Math.max(1, left / 1_000_000));
        }
        return decoded.get(consumed++);
    }

    @Override
    public synchronized void close() {
        if (decoder != null) decoder.close();
        decoder = null;
    }
}
