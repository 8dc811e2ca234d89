package dev.lifeline.rig.phone;

import dev.lifeline.dsp.DtmfGenerator;
import dev.lifeline.rig.audio.SpecPlayer;

/** Something the phone says into the line, pulled 20 ms at a time by {@link OutgoingAudio}. */
interface AudioSource extends AutoCloseable {
    /** Fills {@code buf} (zero-filling what it has no sound for). */
    void read(short[] buf);

    /** True once everything has been said. */
    boolean done();

    @Override
    default void close() {}

    /** A tone (steady or cadenced) until stopped. */
    static AudioSource tone(SpecPlayer player) {
        return new AudioSource() {
            @Override public void read(short[] buf) { player.generate(buf, 0, buf.length); }
            @Override public boolean done() { return false; }
        };
    }

    /** What a fax machine sends, for as long as it is attached. */
    static AudioSource fax(dev.lifeline.dsp.FaxTerminal terminal) {
        return new AudioSource() {
            @Override public void read(short[] buf) { terminal.transmit(buf, 0, buf.length); }
            @Override public boolean done() { return false; }
        };
    }

    /** A fixed stretch of audio (a WAV file), then done. */
    static AudioSource pcm(short[] pcm) {
        return new AudioSource() {
            private int pos;
            @Override public void read(short[] buf) {
                int n = Math.min(buf.length, pcm.length - pos);
                System.arraycopy(pcm, pos, buf, 0, Math.max(0, n));
                pos += Math.max(0, n);
            }
            @Override public boolean done() { return pos >= pcm.length; }
        };
    }

    /** DTMF digits from the DSP layer's generator; done when the generator is idle. */
    static AudioSource dtmf(DtmfGenerator gen) {
        return new AudioSource() {
            @Override public void read(short[] buf) { gen.generate(buf, 0, buf.length); }
            @Override public boolean done() { return gen.isIdle(); }
            @Override public void close() { gen.close(); }
        };
    }
}
