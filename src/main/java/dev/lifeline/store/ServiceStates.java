package dev.lifeline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What users switched on with feature codes (or a config push set): call-forward targets and
 * do-not-disturb per extension. Committed before the user hears the confirmation, so a power cut
 * right after never loses it (as the location store does for registrations).
 */
public final class ServiceStates {
    /** One extension's switched services; null target = off. */
    public record State(String cfu, String cfb, String cfnr, boolean dnd) {
        public static final State NONE = new State(null, null, null, false);

        public boolean isEmpty() { return cfu == null && cfb == null && cfnr == null && !dnd; }
    }

    private final Database db;

    public ServiceStates(Database db) { this.db = db; }

    /** Stores the state of {@code extension} (an empty state removes the row). */
    public void put(String extension, State s, Instant now) {
        db.inTransaction(c -> {
            if (s.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM line_services WHERE extension = ?")) {
                    ps.setString(1, extension);
                    ps.executeUpdate();
                }
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO line_services "
                    + "(extension, cfu, cfb, cfnr, dnd, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, extension);
                ps.setString(2, s.cfu());
                ps.setString(3, s.cfb());
                ps.setString(4, s.cfnr());
                ps.setInt(5, s.dnd() ? 1 : 0);
                ps.setString(6, now.toString());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Every stored state, by extension. */
    public Map<String, State> all() {
        return db.read(c -> {
            Map<String, State> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT extension, cfu, cfb, cfnr, dnd FROM line_services ORDER BY extension");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), new State(rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5) != 0));
            }
            return out;
        });
    }
}
