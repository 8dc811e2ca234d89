package dev.lifeline.tdm;

import dev.lifeline.dsp.CallerId;

/**
 * What an FXO port tells the call layer (Asterisk's sig_analog callback table, narrowed).
 * Called on the engine thread.
 */
public interface FxoListener {
    /** The exchange offers a call; {@code callerId} is null when none was decoded. */
    void onIncoming(FxoChannel line, CallerId callerId);

    /** Every digit of an outgoing call has been sent into the line. */
    void onDialled(FxoChannel line);

    /**
     * The far end went away: loop drop, polarity reversal (if configured), a busy or congestion
     * tone on the line, or ringing stopped before we answered. {@code q850} says which.
     */
    void onRemoteHangup(FxoChannel line, int q850);
}
