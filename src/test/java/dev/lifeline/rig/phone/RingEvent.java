package dev.lifeline.rig.phone;

/** A ringing voltage change seen by the phone: {@code RING ON} or {@code RING OFF}, at {@link System#nanoTime()}. */
public record RingEvent(boolean on, long atNanos) {}
