package dev.lifeline.media;

/** Plays a fixed block of samples once (a caller-ID spill, an alert tone), then reports done. */
public final class ClipSource implements AudioSource {
    private final short[] samples;
    private int pos;

    public ClipSource(short[] samples) { this.samples = samples; }

    public boolean done() { return pos >= samples.length; }

    @Override
    public boolean read(short[] frame) {
        if (done()) return false;
        int n = Math.min(frame.length, samples.length - pos);
        System.arraycopy(samples, pos, frame, 0, n);
        for (int i = n; i < frame.length; i++) frame[i] = 0;
        pos += n;
        return true;
    }
}
