package dev.lifeline.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config file was refused. Carries every problem found in the file, not just the first,
 * so an operator can fix them all in one round trip (also over MQTT, where the list goes
 * back in the config ack).
 */
public final class ConfigException extends Exception {
    private final transient List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) throw new IllegalArgumentException("a ConfigException needs at least one error");
        this.errors = List.copyOf(errors);
    }

    /** All problems, in file order as far as they were found. */
    public List<ConfigError> errors() { return errors; }
}
