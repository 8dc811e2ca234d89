package dev.lifeline.hal.sim;

/**
 * Audio received from a device, waiting for the next tick. Bounded so that a device whose
 * clock runs fast cannot build up delay: the oldest samples are dropped instead. It also
 * catches up: when a frame arrived late once, every later frame waits one tick longer; if a
 * backlog has stood for a whole second, it is dropped, so delay returns to the minimum.
 */
final class SampleFifo {
    /** Takes per catch-up window (50 ticks = 1 s). */
    static final int WINDOW = 50;
    private final short[] buf;
    private int head;
    private int size;
    private long dropped;
    private int windowTakes;
    private int windowMinResidual = Integer.MAX_VALUE;

    SampleFifo(int capacity) { buf = new short[capacity]; }

    synchronized void put(short[] pcm, int len) {
        for (int i = 0; i < len; i++) {
            if (size == buf.length) {
                head = (head + 1) % buf.length;
                size--;
                dropped++;
            }
            buf[(head + size) % buf.length] = pcm[i];
            size++;
        }
    }

    /** Fills {@code out} with the oldest samples; pads with silence when too few arrived. */
    synchronized void take(short[] out) {
        catchUp(out.length);
        int n = Math.min(out.length, size);
        for (int i = 0; i < n; i++) {
            out[i] = buf[head];
            head = (head + 1) % buf.length;
        }
        size -= n;
        for (int i = n; i < out.length; i++) out[i] = 0;
    }

    /** Drops a backlog that stood (never fell below) for a whole window. */
    private void catchUp(int frame) {
        windowMinResidual = Math.min(windowMinResidual, Math.max(0, size - frame));
        if (++windowTakes < WINDOW) return;
        int excess = windowMinResidual;
        windowTakes = 0;
        windowMinResidual = Integer.MAX_VALUE;
        if (excess > frame / 4) {
            head = (head + excess) % buf.length;
            size -= excess;
            dropped += excess;
        }
    }

    synchronized int size() { return size; }

    synchronized void clear() { head = 0; size = 0; }

    synchronized long dropped() { return dropped; }
}
