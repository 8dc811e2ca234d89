package dev.lifeline.media.rtp;

/**
 * Turns one RTP payload into 20 ms of 8 kHz audio for the jitter buffer, resampling down
 * when the codec works at a higher rate. One per receiving session; called by the receive
 * thread under the jitter buffer's lock.
 */
public interface FrameDecoder extends AutoCloseable {
    /** Decodes a payload into the 160 samples of {@code frame} (a longer packet is cut to 20 ms, a shorter one padded). */
    void decode(byte[] payload, int off, int len, short[] frame);

    /**
     * Rebuilds the frame that came just before this payload from redundancy the payload
     * carries (Opus in-band FEC); false when the codec has none. Must be called before
     * {@link #decode} of the same payload.
     */
    default boolean recoverPrevious(byte[] payload, int off, int len, short[] frame) { return false; }

    /** Frees native state; later calls throw IllegalStateException. */
    @Override void close();
}
