package dev.lifeline.dsp;

import java.time.LocalDateTime;

/** What a caller-ID spill carries. {@code name} and {@code time} may be null. */
public record CallerId(String number, String name, LocalDateTime time) {}
