package dev.lifeline.store;

import dev.lifeline.util.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import org.tinylog.Logger;

/**
 * A factory reset (TR-069 FactoryReset): the box goes back to what its site file and board say.
 * Ordered by writing a marker in the data dir; done at the next start, before anything reads the
 * state it clears, so a power cut in between still resets.
 *
 * <p>Cleared: config versions pushed by the controller or made by TR-069, SIP registrations,
 * message waiting, forward targets and do-not-disturb. Kept: the CDR journal and its sequence
 * counter: CDRs are calls that happened (billing), not settings, and sequence numbers are never
 * reused. The caller clears files of its own (the TR-069 agent's state) through {@code alsoDelete}.
 */
public final class FactoryReset {
    static final String MARKER = "factory-reset";
    private static final String[] TABLES = {"config_versions", "location", "line_mwi", "line_services"};

    private FactoryReset() {}

    /** Orders a reset at the next start. */
    public static void order(Path dataDir) throws IOException {
        Files.writeString(dataDir.resolve(MARKER), "ordered\n");
    }

    /**
     * Does an ordered reset, if any: clears the tables in one transaction, deletes
     * {@code alsoDelete} (files or directories in the data dir), then the marker.
     *
     * @return whether a reset was done
     */
    public static boolean applyIfOrdered(Path dataDir, Database db, String... alsoDelete) throws IOException {
        Path marker = dataDir.resolve(MARKER);
        if (!Files.exists(marker)) return false;
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                for (String t : TABLES) s.executeUpdate("DELETE FROM " + t);
            }
            return null;
        });
        for (String name : alsoDelete) FileTrees.delete(dataDir.resolve(name));
        Files.delete(marker);
        Logger.warn("factory reset done: pushed config versions, registrations, message waiting and line services cleared; CDRs kept");
        return true;
    }
}
