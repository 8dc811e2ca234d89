package dev.lifeline.sip.registrar;

import dev.lifeline.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code location} table (schema migrations 2 and 4): the SQL of the location store, nothing else.
 * Path entries are stored newline-separated (a URI cannot contain a raw newline).
 */
final class BindingTable {
    private static final String UPSERT = "INSERT OR REPLACE INTO location (aor, binding_key, contact, q, expires_at, "
            + "call_id, cseq, received, transport, path, user_agent, instance, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String DELETE = "DELETE FROM location WHERE aor = ? AND binding_key = ?";

    private final Database db;

    BindingTable(Database db) { this.db = db; }

    List<Binding> loadAll() {
        return db.read(c -> {
            List<Binding> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM location"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String path = rs.getString("path");
                    out.add(new Binding(rs.getString("aor"), rs.getString("contact"), rs.getDouble("q"),
                            rs.getLong("expires_at"), rs.getString("call_id"), rs.getLong("cseq"), rs.getString("received"),
                            rs.getString("transport"), path == null || path.isEmpty() ? List.of() : Arrays.asList(path.split("\n")),
                            rs.getString("user_agent"), rs.getString("instance"), rs.getString("origin")));
                }
            }
            return out;
        });
    }

    /** Applies a group of changes in one transaction (one fsync for all of them). */
    void apply(List<LocationChange> changes) {
        db.inTransaction(c -> {
            try (PreparedStatement up = c.prepareStatement(UPSERT); PreparedStatement del = c.prepareStatement(DELETE)) {
                for (LocationChange ch : changes) {
                    if (ch.removes()) {
                        del.setString(1, ch.binding().aor());
                        del.setString(2, ch.binding().key());
                        del.executeUpdate();
                    } else {
                        bind(up, ch.binding());
                        up.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    void deleteExpired(long nowMs) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM location WHERE expires_at <= ?")) {
                ps.setLong(1, nowMs);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static void bind(PreparedStatement ps, Binding b) throws SQLException {
        ps.setString(1, b.aor());
        ps.setString(2, b.key());
        ps.setString(3, b.contact());
        ps.setDouble(4, b.q());
        ps.setLong(5, b.expiresAt());
        ps.setString(6, b.callId());
        ps.setLong(7, b.cseq());
        ps.setString(8, b.received());
        ps.setString(9, b.transport());
        ps.setString(10, String.join("\n", b.path()));
        ps.setString(11, b.userAgent());
        ps.setString(12, b.instance());
        ps.setString(13, b.origin());
    }

}
