package dev.lifeline.call;

/** Who is calling: number and optional display name, as presented to the called party. */
public record Party(String number, String name) {}
