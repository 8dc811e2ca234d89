package dev.lifeline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The message-waiting state of each analog line by extension, so a restart keeps the lamps as
 * HQ last set them (a voicemail server sends NOTIFY on change only, not again after our reboot).
 */
public final class LineMwiStore {
    /** One line's state: waiting, and the new/old voice message counts (0 when not given). */
    public record Mwi(boolean waiting, int newMessages, int oldMessages, long updatedMs) { }

    private final Database db;

    public LineMwiStore(Database db) { this.db = db; }

    public void put(String extension, Mwi mwi) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR REPLACE INTO line_mwi (extension, waiting, new_msgs, old_msgs, updated_ms) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, extension);
                ps.setInt(2, mwi.waiting() ? 1 : 0);
                ps.setInt(3, Math.max(0, mwi.newMessages()));
                ps.setInt(4, Math.max(0, mwi.oldMessages()));
                ps.setLong(5, mwi.updatedMs());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Every stored line, by extension. */
    public Map<String, Mwi> all() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT extension, waiting, new_msgs, old_msgs, updated_ms FROM line_mwi ORDER BY extension");
                 ResultSet rs = ps.executeQuery()) {
                Map<String, Mwi> out = new LinkedHashMap<>();
                while (rs.next()) out.put(rs.getString(1), new Mwi(rs.getInt(2) == 1, rs.getInt(3), rs.getInt(4), rs.getLong(5)));
                return out;
            }
        });
    }
}
