package dev.lifeline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Site configs pushed by the central controller, by version. The gateway restarts with the
 * newest applied one, so a config accepted over MQTT survives a reboot; older versions are
 * kept (a few) as the fallback when the newest no longer validates, e.g. after a firmware update.
 */
public final class ConfigVersions {
    public static final String APPLIED = "applied";

    /** One stored config. */
    public record Stored(long version, Instant receivedAt, String yaml, String status) {
        @Override
        public String toString() { return "Stored[version=" + version + ", status=" + status + "]"; } // the text may hold passwords
    }

    private final Database db;

    public ConfigVersions(Database db) { this.db = db; }

    /** Stores (or replaces) {@code version}, then keeps only the newest {@code keep} versions. */
    public void put(long version, Instant receivedAt, String yaml, String status, int keep) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR REPLACE INTO config_versions (version, received_at, yaml, status) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, version);
                ps.setString(2, receivedAt.toString());
                ps.setString(3, yaml);
                ps.setString(4, status);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM config_versions WHERE version NOT IN "
                    + "(SELECT version FROM config_versions ORDER BY version DESC LIMIT ?)")) {
                ps.setInt(1, Math.max(1, keep));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Every stored version with {@code status}, newest first. */
    public List<Stored> newestFirst(String status) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT version, received_at, yaml, status FROM config_versions WHERE status = ? ORDER BY version DESC")) {
                ps.setString(1, status);
                List<Stored> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Stored(rs.getLong(1), Instant.parse(rs.getString(2)), rs.getString(3), rs.getString(4)));
                    }
                }
                return out;
            }
        });
    }

    /** Versions stored, newest first (any status). */
    public List<Long> versions() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM config_versions ORDER BY version DESC");
                 ResultSet rs = ps.executeQuery()) {
                List<Long> out = new ArrayList<>();
                while (rs.next()) out.add(rs.getLong(1));
                return out;
            }
        });
    }
}
