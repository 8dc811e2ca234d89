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
 * zone's standard and queues what it decodes: caller IDs, and the visual message-waiting
 * indication (MDMF 0x82, parameter 0x0B) that switches the phone's message lamp. When the DSP layer is not available it stays
 * silent and says why in {@link #unavailableCause()}.
 */
final class CallerIdWatcher implements AutoCloseable {
    private CallerIdDecoder decoder;
    private String unavailable;
    private final List<CallerId> decoded = new ArrayList<>();
    private int consumed;
    private final List<Boolean> lamps = new ArrayList<>();
    private int lampsConsumed;
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
            for (Boolean lamp = d.pollMessageWaiting(); lamp != null; lamp = d.pollMessageWaiting()) {
                synchronized (this) {
                    lamps.add(lamp);
                    notifyAll();
                }
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

    /** Every message-lamp indication decoded, in order (true = on). */
    synchronized List<Boolean> lampIndications() { return List.copyOf(lamps); }

    /** The lamp as the phone shows it: the last indication decoded, off before any. */
    synchronized boolean lampOn() { return !lamps.isEmpty() && lamps.get(lamps.size() - 1); }

    /** The oldest message-lamp indication not yet returned by this method, waiting up to {@code timeout}; null if none. */
    synchronized Boolean awaitLamp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lampsConsumed >= lamps.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            wait(Math.max(1, left / 1_000_000));
        }
        return lamps.get(lampsConsumed++);
    }

    @Override
    public synchronized void close() {
        if (decoder != null) decoder.close();
        decoder = null;
    }
}
