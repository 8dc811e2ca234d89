package dev.lifeline.config;

/** Analog port kinds: FXS feeds a phone (we are the exchange), FXO plugs into an exchange line (we are the phone). */
public enum PortType { FXS, FXO }
