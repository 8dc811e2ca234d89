package dev.lifeline.dsp;

/** Single (number only) or multiple data message format of an FSK caller-ID spill. */
public enum CallerIdFormat { SDMF, MDMF }
