package dev.lifeline.rig.phone;

/**
 * The call-progress tones a phone user can tell apart, plus silence. {@code STUTTER_DIAL} is
 * survival mode's dial tone, {@code MWI_DIAL} the message-waiting one, {@code REMINDER_DIAL}
 * do-not-disturb's (docs/line-services.md).
 */
public enum ToneKind { DIAL, STUTTER_DIAL, MWI_DIAL, REMINDER_DIAL, RINGBACK, BUSY, CONGESTION, DISCONNECT, HOWLER, SILENCE }
