package dev.lifeline.config;

/**
 * Local storage policy.
 *
 * @param cdrRetainDays CDRs older than this may be pruned, but only once the controller has them
 */
public record StorageConfig(int cdrRetainDays) {
    public static final StorageConfig DEFAULTS = new StorageConfig(90);

    static StorageConfig read(YamlNode node) {
        if (node == null) return DEFAULTS;
        return new StorageConfig(node.fields("cdr-retain-days").integer("cdr-retain-days", 90, 1, 3650));
    }
}
