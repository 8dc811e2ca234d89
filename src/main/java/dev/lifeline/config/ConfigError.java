package dev.lifeline.config;

/**
 * One thing wrong with a config file: which file, which field (a dotted path such as
 * {@code lines.fxs9} or {@code users[2].extension}) and what is wrong.
 * Operators read these, so {@link #toString()} is the whole human-readable line.
 *
 * @param file    the file (or other source name, e.g. an MQTT topic) the config came from
 * @param field   path of the offending field; empty for file-level problems (syntax, missing file)
 * @param message what is wrong, in plain words
 */
public record ConfigError(String file, String field, String message) {
    @Override
    public String toString() {
        return field == null || field.isEmpty()
                ? file + ": " + message
                : file + ": " + field + ": " + message;
    }
}
