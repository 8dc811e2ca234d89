package dev.lifeline.media.rtp;

/**
 * The sending half of RFC 2198 redundancy on one session: remembers the frame just sent so the
 * next packet can repeat it. Engine thread only (the session's {@code write}).
 */
final class RedSender {
    private final byte[] primary = new byte[OpusFrameEncoder.MAX_PACKET], previous = new byte[OpusFrameEncoder.MAX_PACKET];
    private int previousLen, previousPt = -1;
    private long previousTs;

    /** Where the encoder writes this tick's frame, before {@link #payload} wraps it. */
    byte[] primaryBuffer() { return primary; }

    /** Nothing to repeat in the next packet (a pause, an event, a packet without RED). */
    void forget() { previousLen = 0; }

    /**
     * Writes the RED payload into {@code out} at {@code at}: the previous frame as the redundant
     * block when it went out on the tick just before ({@code ts - step}) on the same payload type,
     * then this frame ({@link #primaryBuffer}, {@code n} bytes); keeps this frame for the next
     * packet. Returns the payload length.
     */
    int payload(byte[] out, int at, int pt, int n, long ts, int step) {
        boolean repeat = previousLen > 0 && previousPt == pt && previousTs == ts - step;
        int len = RedPacket.write(out, at, pt, previous, 0, repeat ? previousLen : 0, step, primary, 0, n);
        System.arraycopy(primary, 0, previous, 0, n);
        previousLen = n;
        previousPt = pt;
        previousTs = ts;
        return len;
    }
}
