package dev.lifeline.media.rtp;

/** No free even/odd UDP port pair is left in the pool's range: the call must be refused (503/486 upstream). */
public final class RtpPortsExhaustedException extends IllegalStateException {
    public RtpPortsExhaustedException(String message) { super(message); }
}
