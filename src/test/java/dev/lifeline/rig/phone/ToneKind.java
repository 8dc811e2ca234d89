package dev.lifeline.rig.phone;

/** The call-progress tones a phone user can tell apart, plus silence. */
public enum ToneKind { DIAL, STUTTER_DIAL, REMINDER_DIAL, RINGBACK, BUSY, CONGESTION, DISCONNECT, HOWLER, SILENCE }
