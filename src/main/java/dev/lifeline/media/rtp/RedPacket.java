package dev.lifeline.media.rtp;

/**
 * The payload of an RFC 2198 redundant audio packet ({@code red/8000}): block headers, then the
 * blocks in the same order, the primary (the frame at the packet's own timestamp) last.
 *
 * <pre>
 * redundant block header, 4 bytes:  F=1 | block PT (7) | timestamp offset (14) | block length (10)
 * primary block header,   1 byte:   F=0 | block PT (7)
 * </pre>
 *
 * A reusable view (the receive thread parses without allocating). {@link #parse} refuses rather
 * than throws: lengths past the end, more than {@value #MAX_BLOCKS} blocks, or an empty primary
 * are what a broken or hostile sender makes, and the caller counts and drops them.
 */
public final class RedPacket {
    /** The most blocks we take in one packet (primary included); we send two, senders rarely use more than three. */
    public static final int MAX_BLOCKS = 4;
    /** Bytes of header a packet with one redundant block carries on top of its two blocks. */
    public static final int OVERHEAD_ONE = 5;
    private static final int MAX_OFFSET = (1 << 14) - 1, MAX_LENGTH = (1 << 10) - 1;

    private int blocks;
    private final int[] pt = new int[MAX_BLOCKS], tsOffset = new int[MAX_BLOCKS], off = new int[MAX_BLOCKS], len = new int[MAX_BLOCKS];

    /** Parses {@code b[from..from+length)}; false when it is not a well-formed RED payload (nothing usable is left then). */
    public boolean parse(byte[] b, int from, int length) {
        blocks = 0;
        int i = from, end = from + length;
        if (from < 0 || length < 0 || end > b.length) return false;
        while (true) {
            if (i >= end || blocks == MAX_BLOCKS) return fail();
            int h = b[i] & 0xFF;
            pt[blocks] = h & 0x7F;
            if ((h & 0x80) == 0) { // the primary's one-byte header ends the list
                tsOffset[blocks] = 0;
                i++;
                blocks++;
                break;
            }
            if (i + 4 > end) return fail();
            tsOffset[blocks] = ((b[i + 1] & 0xFF) << 6) | ((b[i + 2] & 0xFC) >>> 2);
            len[blocks] = ((b[i + 2] & 0x03) << 8) | (b[i + 3] & 0xFF);
            i += 4;
            blocks++;
        }
        for (int k = 0; k < blocks - 1; k++) {
            if (i + len[k] > end) return fail();
            off[k] = i;
            i += len[k];
        }
        off[blocks - 1] = i;
        len[blocks - 1] = end - i;
        if (len[blocks - 1] == 0) return fail();
        return true;
    }

    private boolean fail() {
        blocks = 0;
        return false;
    }

    /** Blocks in the last parsed packet, the primary included (0 after a failed parse). */
    public int blocks() { return blocks; }

    /** Index of the primary block ({@link #blocks()} - 1); the redundant ones come before it, oldest first. */
    public int primary() { return blocks - 1; }

    public int payloadType(int block) { return pt[block]; }

    /** How far before the packet's timestamp the block's audio starts, in RTP timestamp units (0 for the primary). */
    public int timestampOffset(int block) { return tsOffset[block]; }

    public int offset(int block) { return off[block]; }

    public int length(int block) { return len[block]; }

    /**
     * Writes a RED payload into {@code out} from {@code at}: one redundant block ({@code red}, sent
     * {@code tsOffset} units earlier) when {@code redLen} > 0, then the primary; returns its length.
     * @throws IllegalArgumentException for an offset or a block length the header cannot carry
     */
    public static int write(byte[] out, int at, int pt, byte[] red, int redOff, int redLen, int tsOffset, byte[] primary, int primOff,
                            int primLen) {
        int i = at;
        if (redLen > 0) {
            if (tsOffset <= 0 || tsOffset > MAX_OFFSET) throw new IllegalArgumentException("timestamp offset out of range: " + tsOffset);
            if (redLen > MAX_LENGTH) throw new IllegalArgumentException("redundant block too long: " + redLen);
            out[i++] = (byte) (0x80 | (pt & 0x7F));
            out[i++] = (byte) (tsOffset >>> 6);
            out[i++] = (byte) (((tsOffset & 0x3F) << 2) | (redLen >>> 8));
            out[i++] = (byte) redLen;
        }
        out[i++] = (byte) (pt & 0x7F);
        if (redLen > 0) {
            System.arraycopy(red, redOff, out, i, redLen);
            i += redLen;
        }
        System.arraycopy(primary, primOff, out, i, primLen);
        return i + primLen - at;
    }
}
