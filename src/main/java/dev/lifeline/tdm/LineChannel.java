package dev.lifeline.tdm;

import dev.lifeline.hal.LineEvent;

/**
 * What every analog signalling module (FXS, FXO) offers the tick: line events, and the three
 * per-tick passes — input, timers, output — so one loop drives every kind of line.
 */
public interface LineChannel {
    String id();

    void onLineEvent(LineEvent event, long atMillis);

    /** Takes this tick's audio from the line. */
    void audioIn(short[] frame, long now);

    /** Runs hook, ring, digit and tone timers. */
    void timers(long now);

    /** Produces this tick's audio for the line. */
    void audioOut();

    /**
     * Puts the line in its safe state after its own code threw: ringing voltage and tones off,
     * no call, idle (an FXO line goes on hook). Must work from any state, even a half-updated one.
     */
    void resetAfterFault(String why, long now);

    /** Out of service (too many faults): the line takes no calls until it is back in service. */
    void setInService(boolean inService);

    /** Releases native DSP contexts (shutdown). */
    void close();
}
