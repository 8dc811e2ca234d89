package dev.lifeline.tdm;

/**
 * Something the line itself signals to a user who is in a call, over (in place of) the far end's
 * audio: the call-waiting tone and the off-hook caller ID that follows it. The FXS channel lets it
 * hear the line first (the phone's acknowledgement digit must not reach the far end as DTMF) and
 * speak first; it keeps the far end's stream moving meanwhile. Engine thread only.
 */
public interface InCallSignal extends AutoCloseable {
    /** Hears this tick's audio from the line; true when it took it (the channel then detects no digits in it). */
    boolean hear(short[] frame, long now);

    /** Advances its timers. */
    void tick(long now);

    /** Fills this tick's audio for the line; false when it has nothing to say now (the call's audio plays). */
    boolean fill(short[] frame);

    /** Releases DSP contexts. */
    @Override
    void close();
}
