package dev.lifeline.tdm;

/**
 * Timings of an FXO port, in milliseconds.
 *
 * @param dialToneWait       after seizing, dial blind if no dial tone was heard within this
 * @param dialToneMin        steady dial tone needed before the first digit
 * @param dtmfOn             DTMF digit length
 * @param dtmfOff            pause between digits
 * @param releaseGuard       on-hook time before the port may be seized again (the exchange
 *                           needs it to see the release)
 * @param ringGone           no ring for this long: the caller gave up
 * @param disconnectCycles   cadence cycles of busy/congestion tone that mean the far end left
 * @param polarityDisconnect a polarity change during a call means the far end hung up
 */
public record FxoSettings(int dialToneWait, int dialToneMin, int dtmfOn, int dtmfOff, int releaseGuard,
                          int ringGone, int disconnectCycles, boolean polarityDisconnect) {

    /** Defaults for a zone: ringing is gone after the longest ring silence plus 2 s. */
    public static FxoSettings forZone(dev.lifeline.dsp.ToneZone zone, boolean polarityDisconnect) {
        int longestOff = 0;
        int[] c = zone.ringCadenceMs();
        for (int i = 1; i < c.length; i += 2) longestOff = Math.max(longestOff, c[i]);
        return new FxoSettings(3000, 300, 80, 80, 600, longestOff + 2000, 2, polarityDisconnect);
    }
}
