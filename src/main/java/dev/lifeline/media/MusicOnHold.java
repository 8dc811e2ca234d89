package dev.lifeline.media;

import dev.lifeline.dsp.ToneSpec;

/**
 * What a held party hears: a configured 8 kHz recording played in a loop, or by default a soft
 * comfort tone (550 Hz, -20 dBm0, 500 ms every 2 s: none of the zones' call-progress tones, so it
 * cannot be mistaken for busy or ringback, and quiet enough not to annoy). Each hold gets its own
 * player, starting from the beginning.
 */
public final class MusicOnHold {
    /** The comfort tone when no recording is configured. */
    public static final ToneSpec COMFORT_TONE = ToneSpec.cadence("hold", -20, new int[] {550}, 500, 1500);
    private final short[] recording;

    private MusicOnHold(short[] recording) { this.recording = recording; }

    /** The comfort tone. */
    public static MusicOnHold comfortTone() { return new MusicOnHold(null); }

    /** A recording (8 kHz linear samples), looped. */
    public static MusicOnHold recording(short[] pcm) {
        if (pcm.length == 0) throw new IllegalArgumentException("the music-on-hold recording is empty");
        return new MusicOnHold(pcm.clone());
    }

    public boolean isRecording() { return recording != null; }

    /** A player for one hold; close it when the hold ends (the tone owns a DSP context). */
    public Player start() {
        if (recording == null) {
            ToneSource t = new ToneSource(COMFORT_TONE);
            return new Player() {
                @Override public boolean read(short[] frame) { return t.read(frame); }
                @Override public void close() { t.close(); }
            };
        }
        return new Player() {
            private int pos;

            @Override
            public boolean read(short[] frame) {
                for (int i = 0; i < frame.length; i++) {
                    frame[i] = recording[pos];
                    pos = (pos + 1) % recording.length;
                }
                return true;
            }

            @Override public void close() { }
        };
    }

    /** One hold's audio. */
    public interface Player extends AudioSource, AutoCloseable {
        @Override void close();
    }
}
