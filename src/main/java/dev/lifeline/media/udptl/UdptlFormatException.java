package dev.lifeline.media.udptl;

/** A datagram that is not a well-formed UDPTL packet; the message says where it broke. */
public final class UdptlFormatException extends Exception {
    public UdptlFormatException(String message) { super(message); }
}
