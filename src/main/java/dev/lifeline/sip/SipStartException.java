package dev.lifeline.sip;

/** The SIP stack could not start (port in use, bad address). */
public final class SipStartException extends Exception {
    public SipStartException(String message, Throwable cause) { super(message, cause); }
}
