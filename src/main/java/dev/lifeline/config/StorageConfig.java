package dev.lifeline.config;

/**
 * Local storage policy.
 *
 * @param cdrRetainDays    CDRs older than this may be pruned, but only once the controller has them
 * @param cdrJournalLimit  how many unsent CDRs the journal is sized for: the journal-filling alarm
 *                         is raised at 80 % (major) and 95 % (critical); CDRs are never dropped to
 *                         stay under it (the disk is the real limit)
 */
public record StorageConfig(int cdrRetainDays, int cdrJournalLimit) {
    public static final int DEFAULT_CDR_JOURNAL_LIMIT = 200_000;
    public static final StorageConfig DEFAULTS = new StorageConfig(90, DEFAULT_CDR_JOURNAL_LIMIT);

    public StorageConfig(int cdrRetainDays) { this(cdrRetainDays, DEFAULT_CDR_JOURNAL_LIMIT); }

    static StorageConfig read(YamlNode node) {
        if (node == null) return DEFAULTS;
        Fields f = node.fields("cdr-retain-days", "cdr-journal-limit");
        return new StorageConfig(f.integer("cdr-retain-days", 90, 1, 3650),
                f.integer("cdr-journal-limit", DEFAULT_CDR_JOURNAL_LIMIT, 10, 100_000_000));
    }
}
