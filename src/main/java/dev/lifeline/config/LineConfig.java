package dev.lifeline.config;

/**
 * Who an FXS port is: its extension and an optional display name (sent as caller-ID name).
 *
 * @param port      board port id, e.g. {@code fxs1}
 * @param extension 2-15 digits, unique in the site
 * @param name      display name, or null
 */
public record LineConfig(String port, String extension, String name) {}
