package dev.lifeline.tdm;

/** What an FXS line tells the call layer. Called on the engine thread. */
public interface FxsListener {
    /** Handset lifted on an idle line (dial tone is already playing). */
    void onSeized(FxsChannel line);

    /** The user finished dialling {@code number} (digit map complete, '#', or timeout). */
    void onDialled(FxsChannel line, String number);

    /** The user answered a ringing line. */
    void onAnswered(FxsChannel line);

    /** The user hung up during a call or call attempt. */
    void onHangup(FxsChannel line);

    /** Hook flash (supplementary services). */
    void onFlash(FxsChannel line);

    /** A DTMF digit pressed during a connected call (sent on to the far end). */
    default void onDigit(FxsChannel line, char digit) { }
}
