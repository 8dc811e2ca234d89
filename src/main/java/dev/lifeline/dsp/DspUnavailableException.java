package dev.lifeline.dsp;

/** The native DSP library could not be loaded; the message names the file and the reason. */
public final class DspUnavailableException extends RuntimeException {
    public DspUnavailableException(String message, Throwable cause) { super(message, cause); }
}
