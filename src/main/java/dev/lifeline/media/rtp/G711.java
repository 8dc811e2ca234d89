package dev.lifeline.media.rtp;

/**
 * G.711 µ-law and A-law, table driven: the encoders index a table by the top 14 (µ-law) or
 * 13 (A-law) bits of the sample, the decoders by the code byte, so a 20 ms frame costs 160
 * array lookups each way. The tables are built once from the bit-exact reference
 * algorithm (Sun's public-domain g711.c, as in ITU-T G.191).
 */
public final class G711 {
    private G711() {}

    private static final int[] SEG_END = {0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF, 0x3FFF, 0x7FFF};
    private static final int BIAS = 0x84;
    private static final short[] ULAW_DECODE = new short[256];
    private static final short[] ALAW_DECODE = new short[256];
    private static final byte[] ULAW_ENCODE = new byte[1 << 14];
    private static final byte[] ALAW_ENCODE = new byte[1 << 13];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_DECODE[i] = (short) ulawToLinear(i);
            ALAW_DECODE[i] = (short) alawToLinear(i);
        }
        for (int i = 0; i < ULAW_ENCODE.length; i++) ULAW_ENCODE[i] = (byte) linearToUlaw((short) (i << 2));
        for (int i = 0; i < ALAW_ENCODE.length; i++) ALAW_ENCODE[i] = (byte) linearToAlaw((short) (i << 3));
    }

    public static byte ulaw(short pcm) { return ULAW_ENCODE[(pcm >> 2) & 0x3FFF]; }

    public static byte alaw(short pcm) { return ALAW_ENCODE[(pcm >> 3) & 0x1FFF]; }

    public static short ulawDecode(byte code) { return ULAW_DECODE[code & 0xFF]; }

    public static short alawDecode(byte code) { return ALAW_DECODE[code & 0xFF]; }

    // ---- reference algorithms (used only to build the tables) ----


    private static int segment(int val) {
        for (int i = 0; i < SEG_END.length; i++) if (val <= SEG_END[i]) return i;
        return SEG_END.length;
    }

    static int linearToUlaw(short sample) {
        int pcm = sample;
        int mask;
        if (pcm < 0) { pcm = BIAS - pcm; mask = 0x7F; } else { pcm += BIAS; mask = 0xFF; }
        int seg = segment(pcm);
        if (seg >= 8) return 0x7F ^ mask;
        int uval = (seg << 4) | ((pcm >> (seg + 3)) & 0xF);
        return uval ^ mask;
    }

    static int ulawToLinear(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + BIAS;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? BIAS - t : t - BIAS;
    }

    static int linearToAlaw(short sample) {
        int pcm = sample;
        int mask;
        if (pcm >= 0) { mask = 0xD5; } else { mask = 0x55; pcm = -pcm - 8; }
        int seg = segment(pcm);
        if (seg >= 8) return 0x7F ^ mask;
        int aval = seg << 4;
        aval |= seg < 2 ? (pcm >> 4) & 0xF : (pcm >> (seg + 3)) & 0xF;
        return aval ^ mask;
    }

    static int alawToLinear(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int t = (a & 0xF) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> { t += 0x108; t <<= seg - 1; }
        }
        return (a & 0x80) != 0 ? t : -t;
    }
}
