package dev.lifeline.media;

import java.util.Arrays;

/**
 * A small conference mixed in the 20 ms tick (three-way calling): each party's audio is read
 * exactly once per {@link #mix()} — a SIP party's source is its jitter buffer, and a second read
 * would take the next frame — and each party hears the sum of all the others, never itself,
 * saturated to 16 bits. Outputs read between two mixes give the same frame. Engine thread only.
 */
public final class Conference {
    private final AudioSource[] inputs;
    private final short[][] frames;
    private final boolean[] has;
    private final AudioSource[] outputs;

    /** @param inputs what each party says, party 0 first */
    public Conference(AudioSource... inputs) {
        if (inputs.length < 2) throw new IllegalArgumentException("a conference needs at least two parties");
        this.inputs = inputs.clone();
        this.frames = new short[inputs.length][160];
        this.has = new boolean[inputs.length];
        this.outputs = new AudioSource[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            int party = i;
            outputs[i] = frame -> mixFor(party, frame);
        }
    }

    public int parties() { return inputs.length; }

    /** Reads this tick's frame from every party (once per tick). */
    public void mix() {
        for (int i = 0; i < inputs.length; i++) {
            short[] f = frames[i];
            has[i] = inputs[i] != null && inputs[i].read(f);
            if (!has[i]) Arrays.fill(f, (short) 0);
        }
    }

    /** What party {@code party} hears: every other party's audio of the last mix. */
    public AudioSource output(int party) { return outputs[party]; }

    private boolean mixFor(int party, short[] out) {
        boolean any = false;
        for (int s = 0; s < out.length; s++) {
            int sum = 0;
            for (int i = 0; i < frames.length; i++) if (i != party && has[i]) sum += frames[i][s];
            out[s] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sum));
        }
        for (int i = 0; i < has.length; i++) if (i != party && has[i]) any = true;
        return any;
    }
}
