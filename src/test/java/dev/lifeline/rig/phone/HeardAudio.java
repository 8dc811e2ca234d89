package dev.lifeline.rig.phone;

/**
 * The last {@code seconds} of what the phone heard, as one continuous 8 kHz sample stream with
 * absolute sample positions ({@link #total()} counts every sample ever heard) and the arrival
 * time of every frame, so a test can ask both "the last 2 s" and "since I went off hook".
 */
final class HeardAudio {
    private final short[] ring;
    private final long[] chunkStart;
    private final long[] chunkNanos;
    private long total;
    private long chunks;

    HeardAudio(int seconds) {
        ring = new short[seconds * 8000];
        chunkStart = new long[seconds * 50 + 64];
        chunkNanos = new long[chunkStart.length];
    }

    synchronized void append(short[] pcm, long nanos) {
        int slot = (int) (chunks++ % chunkStart.length);
        chunkStart[slot] = total;
        chunkNanos[slot] = nanos;
        for (short s : pcm) ring[(int) (total++ % ring.length)] = s;
        notifyAll();
    }

    /** Samples heard since the start. */
    synchronized long total() { return total; }

    /** The oldest sample position still held. */
    synchronized long oldest() { return Math.max(0, total - ring.length); }

    /** Samples [from, to) (clamped to what is held). */
    synchronized short[] copy(long from, long to) {
        from = Math.max(from, oldest());
        to = Math.min(to, total);
        if (to <= from) return new short[0];
        short[] out = new short[(int) (to - from)];
        for (int i = 0; i < out.length; i++) out[i] = ring[(int) ((from + i) % ring.length)];
        return out;
    }

    /** The most recent {@code n} samples (fewer if not yet heard). */
    synchronized short[] last(int n) { return copy(total - n, total); }

    /** Position of the first sample that arrived at or after {@code nanos} ({@link #total()} if none yet). */
    synchronized long positionAt(long nanos) {
        long first = Math.max(0, chunks - chunkStart.length);
        for (long c = first; c < chunks; c++) {
            int slot = (int) (c % chunkStart.length);
            if (chunkNanos[slot] - nanos >= 0) return Math.max(chunkStart[slot], oldest());
        }
        return total;
    }

    /** Arrival time of the frame holding sample {@code pos}, or -1 when no longer held. */
    synchronized long arrivalNanos(long pos) {
        long first = Math.max(0, chunks - chunkStart.length);
        for (long c = chunks - 1; c >= first; c--) {
            int slot = (int) (c % chunkStart.length);
            if (chunkStart[slot] <= pos) return chunkNanos[slot];
        }
        return -1;
    }

    /** Waits until more than {@code seen} samples have arrived or the deadline passes; returns {@link #total()}. */
    synchronized long awaitMore(long seen, long deadlineNanos) throws InterruptedException {
        while (total <= seen) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) break;
            wait(Math.max(1, left / 1_000_000));
        }
        return total;
    }
}
