package dev.lifeline.tdm.pri;

/**
 * The contents of a SETUP that matter to the call layer.
 *
 * @param called      called party number (en-bloc)
 * @param calling     calling party number, or null when absent
 * @param bearer      {@link #SPEECH} or {@link #AUDIO_3_1K}
 * @param timeslot    requested timeslot (1-31, never 16), 0 = any
 * @param exclusive   the timeslot is required (channel identification "exclusive"), not just preferred
 */
public record PriSetup(PartyNumber called, PartyNumber calling, int bearer, int timeslot, boolean exclusive) {
    /** Information transfer capability (Q.931 §4.5.5): speech. */
    public static final int SPEECH = 0x00;
    /** 3.1 kHz audio (fax/modem). */
    public static final int AUDIO_3_1K = 0x10;
}
