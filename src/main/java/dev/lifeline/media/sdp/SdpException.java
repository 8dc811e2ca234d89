package dev.lifeline.media.sdp;

/** A session description that cannot be used: malformed, or no audio stream. The message says which line and why (for a 488 reason phrase and the log). */
public final class SdpException extends Exception {
    public SdpException(String message) { super(message); }
}
