package dev.lifeline.call;

import java.util.Optional;

/** Makes the leg for the {@code hq} route destination ({@link HqDestination}; a fake in tests). */
@FunctionalInterface
public interface HqDialler {
    /** A leg that calls {@code number} through HQ as {@code caller}, or empty when this caller cannot. */
    Optional<Leg> legFor(Leg caller, String number);
}
