package dev.lifeline.dsp;

/** How caller ID is signalled on the line. */
public enum CallerIdStandard { BELL202, V23, DTMF }
