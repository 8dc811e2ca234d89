package dev.lifeline.media.sdp;

import java.util.Locale;
import java.util.Optional;

/** The SDP direction attribute of a stream (RFC 3264 §5.1), from the point of view of the side that wrote it. */
public enum MediaDirection {
    SENDRECV(true, true),
    SENDONLY(true, false),
    RECVONLY(false, true),
    INACTIVE(false, false);

    private final boolean sends;
    private final boolean receives;

    MediaDirection(boolean sends, boolean receives) {
        this.sends = sends;
        this.receives = receives;
    }

    public boolean sends() { return sends; }

    public boolean receives() { return receives; }

    /** The attribute name: {@code sendrecv}, {@code sendonly}, ... */
    public String sdpName() { return name().toLowerCase(Locale.ROOT); }

    /** What the answerer says to this offer direction: sendonly becomes recvonly and back. */
    public MediaDirection mirror() { return of(receives, sends); }

    /** Both restrictions at once: sends only if both allow sending, etc. */
    public MediaDirection and(MediaDirection other) { return of(sends && other.sends, receives && other.receives); }

    public static MediaDirection of(boolean sends, boolean receives) {
        if (sends) return receives ? SENDRECV : SENDONLY;
        return receives ? RECVONLY : INACTIVE;
    }

    /** The direction named by an SDP attribute name, if it is one. */
    public static Optional<MediaDirection> fromSdp(String attribute) {
        for (MediaDirection d : values()) if (d.sdpName().equals(attribute)) return Optional.of(d);
        return Optional.empty();
    }
}
