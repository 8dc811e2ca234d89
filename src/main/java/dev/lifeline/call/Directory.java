package dev.lifeline.call;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which leg answers to which extension. Replaced whole when config changes. */
public final class Directory {
    private final Map<String, Leg> byExtension = new LinkedHashMap<>();

    public void add(Leg leg) {
        if (byExtension.putIfAbsent(leg.number(), leg) != null) {
            throw new IllegalArgumentException("extension " + leg.number() + " assigned twice");
        }
    }

    public Optional<Leg> lookup(String extension) { return Optional.ofNullable(byExtension.get(extension)); }

    public Collection<Leg> all() { return List.copyOf(byExtension.values()); }
}
