package dev.lifeline.hal.sim;

/**
 * Audio received from a device, waiting for the next tick. Bounded so that a device whose
 * clock runs fast cannot build up delay: the oldest samples are dropped instead.
 */
final class SampleFifo {
    private final short[] buf;
    private int head;
    private int size;
    private long dropped;

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
        int n = Math.min(out.length, size);
        for (int i = 0; i < n; i++) {
            out[i] = buf[head];
            head = (head + 1) % buf.length;
        }
        size -= n;
        for (int i = n; i < out.length; i++) out[i] = 0;
    }

    synchronized void clear() { head = 0; size = 0; }

    synchronized long dropped() { return dropped; }
}
