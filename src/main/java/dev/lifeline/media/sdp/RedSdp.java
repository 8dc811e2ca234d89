package dev.lifeline.media.sdp;

import dev.lifeline.media.rtp.Codec;

/**
 * RFC 2198 redundant audio in SDP ({@code a=rtpmap:<pt> red/8000}, {@code a=fmtp:<pt> 0/0}): the
 * fmtp lists the payload type of each block, primary first. We do redundancy of G.711 by itself,
 * depth 1, so the only fmtp we write or take is the agreed G.711 type twice ({@code 0/0},
 * {@code 8/8}); a red type without fmtp is taken too (RFC 2198 leaves the blocks to the sender, and
 * every block we receive is checked anyway).
 */
public final class RedSdp {
    /** The rtpmap value of a red payload type at the G.711 clock. */
    public static final String RTPMAP = "red/8000";
    /** The dynamic payload type we offer red on (clear of telephone-event's 101/102 and Opus's 111). */
    public static final int OFFER_PT = 100;

    private RedSdp() {}

    /** Our fmtp: the codec's payload type for the primary and the one redundant block. */
    public static String fmtp(int codecPt) { return codecPt + "/" + codecPt; }

    /**
     * The payload type of {@code audio} that is red/8000 carrying only {@code codec} on
     * {@code codecPt} (or saying nothing of its blocks), or -1: none, or the codec is not G.711.
     */
    public static int agreedPt(MediaDescription audio, Codec codec, int codecPt) {
        if (codec != Codec.PCMU && codec != Codec.PCMA) return -1;
        for (int pt : audio.payloadTypes()) {
            if (pt < 96 || !"red".equalsIgnoreCase(audio.encodingName(pt)) || audio.clockRate(pt) != 8000) continue;
            String fmtp = audio.fmtps().get(pt);
            if (fmtp == null || onlyCodec(fmtp, codecPt)) return pt;
        }
        return -1;
    }

    private static boolean onlyCodec(String fmtp, int codecPt) {
        String[] blocks = fmtp.trim().split("/");
        if (blocks.length < 2) return false;
        for (String b : blocks) {
            try {
                if (Integer.parseInt(b.trim()) != codecPt) return false;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
