package dev.lifeline.dsp;

import java.util.Arrays;

/**
 * An IFP a T.38 endpoint wants sent, and how many times: spandsp repeats indicators and the last
 * packet of a burst, because nothing may follow them for seconds and redundancy in later packets
 * would come too late for T.30's timers.
 */
public record IfpPacket(byte[] data, int repeats) {
    public IfpPacket {
        if (data.length == 0) throw new IllegalArgumentException("empty IFP");
        if (repeats < 1) throw new IllegalArgumentException("repeats " + repeats);
    }

    /** From a native pop result ({@code length | repeats << 16}, 0 for none) and the buffer it filled. */
    static IfpPacket unpack(int rc, byte[] buf) {
        if (rc == 0) return null;
        return new IfpPacket(Arrays.copyOf(buf, rc & 0xffff), Math.max(1, rc >>> 16));
    }
}
