package dev.lifeline.hal;

/**
 * The narrow callback from a driver up to the signalling module (Asterisk's sig_analog split):
 * signalling learns about the line only through this, and drives it only through {@link LinePort}.
 */
@FunctionalInterface
public interface LineListener {
    void onLineEvent(LinePort port, LineEvent event, long atMillis, String detail);
}
