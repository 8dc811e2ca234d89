package dev.lifeline.dsp;

/**
 * Modem and fax connect tones as spandsp's {@code modem_connect_tones_rx} reports them. The
 * codes are spandsp's (modem_connect_tones.h), so the native side passes them through.
 */
public enum ModemTone {
    /** Fax calling tone: 1100 Hz, 0.5 s on, 3 s off. */
    CNG(1),
    /** 2100 Hz answer tone without phase reversals (V.25 ANS; a fax's CED is the same tone). */
    CED(2),
    /** 2100 Hz with phase reversals every 450 ms (V.25 ANS/): echo cancellers must get out of the way. */
    ANS_PR(3),
    /** 2100 Hz amplitude-modulated at 15 Hz (V.8 ANSam). */
    ANSAM(4),
    /** ANSam with phase reversals (V.8 ANSam/): echo cancellers must get out of the way. */
    ANSAM_PR(5),
    /** The V.21 (300 bit/s) HDLC flags a fax sends before its T.30 frames: a fax that answered without CED, or its DIS. */
    V21_PREAMBLE(6);

    final int code;

    ModemTone(int code) { this.code = code; }

    /** True for the tones that ask the network to disable echo cancellers (V.25, G.168 §9). */
    public boolean disablesEchoCancellers() { return this == ANS_PR || this == ANSAM_PR; }

    /** True for the signs of a fax call: CNG, CED (the same 2100 Hz as V.25 ANS) and the V.21 preamble. */
    public boolean meansFax() { return this == CNG || this == CED || this == V21_PREAMBLE; }

    static ModemTone ofCode(int code) {
        for (ModemTone t : values()) if (t.code == code) return t;
        return null;
    }
}
