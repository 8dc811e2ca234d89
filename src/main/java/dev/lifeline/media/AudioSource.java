package dev.lifeline.media;

/** Something that yields the next 20 ms of audio (160 samples, 8 kHz) each tick. */
@FunctionalInterface
public interface AudioSource {
    /** Fills {@code frame}; returns false when it has nothing (the caller plays silence). */
    boolean read(short[] frame);

    AudioSource SILENCE = frame -> false;
}
