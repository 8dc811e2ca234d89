package dev.lifeline.hal;

/** What is on the other end of a line port. */
public enum PortKind {
    /** Station side: the gateway feeds an analog phone. */
    FXS,
    /** Office side: the gateway is a phone on a PSTN line. */
    FXO
}
