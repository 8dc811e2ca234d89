package dev.lifeline.call;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which leg answers to which extension. An analog line is one long-lived leg; a SIP user gets a
 * fresh leg per call (its dialogs are per call).
 */
public final class Directory {
    private final Map<String, Supplier<Leg>> byExtension = new LinkedHashMap<>();

    public void add(Leg leg) { add(leg.number(), () -> leg); }

    public void add(String extension, Supplier<Leg> legs) {
        if (byExtension.putIfAbsent(extension, legs) != null) {
            throw new IllegalArgumentException("extension " + extension + " assigned twice");
        }
    }

    /** The leg to alert for {@code extension}, or empty when it is not assigned. */
    public Optional<Leg> lookup(String extension) {
        Supplier<Leg> s = byExtension.get(extension);
        return s == null ? Optional.empty() : Optional.of(s.get());
    }
}
