package dev.lifeline.rig.phone;

import dev.lifeline.dsp.CallerId;

import java.io.IOException;

/** Optional callbacks (from the phone's reader thread) for programs that print as things happen. */
public interface PhoneListener {
    default void lineEvent(String event) {}
    default void callerId(CallerId id) {}
    default void dtmf(String digits) {}
    /** The gateway closed the line ({@code cause} null after a local {@link VirtualPhone#close()}). */
    default void closed(IOException cause) {}
}
