package dev.lifeline.media.rtp;

/**
 * Turns the engine's 20 ms of 8 kHz audio into one RTP payload, resampling first when the
 * codec works at another rate. Stateful codecs keep their state here: one per sending
 * session, used by the engine thread only.
 */
public interface FrameEncoder extends AutoCloseable {
    /** Encodes 160 samples into {@code out} from {@code off}; returns the payload length. */
    int encode(short[] frame, byte[] out, int off);

    /** Frees native state; later calls throw IllegalStateException. */
    @Override void close();
}
