package dev.lifeline.rig.phone;

import dev.lifeline.dsp.DtmfDetector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Listens for DTMF in what the phone hears (e.g. digits relayed from a SIP peer). */
final class DtmfWatcher implements AutoCloseable {
    private DtmfDetector detector;
    private String unavailable;
    private final StringBuilder heard = new StringBuilder();
    private int consumed;
    private final Consumer<String> onDigits;

    DtmfWatcher(Consumer<String> onDigits) {
        this.onDigits = onDigits;
        try {
            detector = new DtmfDetector();
        } catch (RuntimeException | LinkageError e) {
            unavailable = "DTMF detector unavailable: " + e;
        }
    }

    void feed(short[] pcm) {
        DtmfDetector d;
        synchronized (this) { d = detector; }
        if (d == null) return;
        try {
            String digits = d.process(pcm, 0, pcm.length);
            if (digits == null || digits.isEmpty()) return;
            synchronized (this) {
                heard.append(digits);
                notifyAll();
            }
            onDigits.accept(digits);
        } catch (RuntimeException | LinkageError e) {
            synchronized (this) {
                unavailable = "DTMF detector failed: " + e;
                detector = null;
            }
        }
    }

    synchronized String unavailableCause() { return unavailable; }

    synchronized String all() { return heard.toString(); }

    /** Waits for {@code count} digits not yet returned by this method; returns what arrived (maybe fewer). */
    synchronized List<String> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (heard.length() - consumed < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            wait(Math.max(1, left / 1_000_000));
        }
        int end = Math.min(heard.length(), consumed + count);
        List<String> out = new ArrayList<>();
        for (int i = consumed; i < end; i++) out.add(String.valueOf(heard.charAt(i)));
        consumed = end;
        return out;
    }

    @Override
    public synchronized void close() {
        if (detector != null) detector.close();
        detector = null;
    }
}
