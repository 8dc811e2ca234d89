package dev.lifeline.media.rtp;

/**
 * How we encode Opus for one peer: our site settings ({@code bitrate}, {@code complexity},
 * {@code fec}, {@code lossPercent}) limited by what the peer's fmtp said it wants
 * ({@code maxPlaybackRate}: no point sending bandwidth it will not play; {@code useinbandfec=0}
 * turns our FEC off, RFC 7587 §6.1).
 */
public record OpusParams(int bitrate, int complexity, boolean fec, int lossPercent, int maxPlaybackRate) {
    /** 24 kbit/s wideband speech with FEC, as if 5 % loss were expected (FEC costs bits only when libopus expects loss). */
    public static final OpusParams DEFAULT = new OpusParams(24_000, 5, true, 5, 0);

    /** This with the peer's fmtp applied: {@code useinbandfec} (null: not said) and {@code maxplaybackrate} (0: not said). */
    public OpusParams forPeer(Boolean peerWantsFec, int peerMaxPlaybackRate) {
        boolean f = fec && (peerWantsFec == null || peerWantsFec);
        int max = peerMaxPlaybackRate > 0 ? peerMaxPlaybackRate : maxPlaybackRate;
        return new OpusParams(bitrate, complexity, f, f ? lossPercent : 0, max);
    }
}
