package dev.lifeline.config;

/** One analog port of a board, e.g. {@code fxs1}. */
public record PortDef(String id, PortType type) {}
