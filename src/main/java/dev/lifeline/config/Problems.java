package dev.lifeline.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the errors of one file while it is read, so reading goes on after the first
 * problem and the operator sees them all at once.
 */
final class Problems {
    private final String file;
    private final List<ConfigError> errors = new ArrayList<>();

    Problems(String file) { this.file = file; }

    String file() { return file; }

    void add(String field, String message) { errors.add(new ConfigError(file, field, message)); }

    boolean isEmpty() { return errors.isEmpty(); }

    int count() { return errors.size(); }

    void throwIfAny() throws ConfigException {
        if (!errors.isEmpty()) throw new ConfigException(errors);
    }
}
