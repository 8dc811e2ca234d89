package dev.lifeline.app.ctl;

import dev.lifeline.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The controller's own SQLite file: every CDR received, keyed by (gateway id, seq), so a
 * batch re-sent after a reconnect is stored once ({@code INSERT OR IGNORE}); plus per gateway
 * the highest seq up to which <em>every</em> CDR is stored — the only number the controller
 * may ever acknowledge, because the gateway deletes what is acknowledged.
 *
 * <p>A batch is stored in one transaction and the new mark is computed inside it, so the mark
 * is never ahead of what is on disk (WAL, {@code synchronous=FULL}: committed means fsynced).
 *
 * <p>Where counting starts: the batch's {@code acked} (the gateway's word that everything at or
 * below it was acknowledged before and is gone from its journal), else the first seq ever
 * received from the gateway minus one. A later {@code acked} above the mark moves the mark up
 * (those CDRs went to another controller, or to this one before it lost its file): waiting for
 * them would stall the gateway's journal for ever.
 */
public final class CdrArchive implements AutoCloseable {
    /** One stored CDR: its gateway, sequence number and JSON as received (re-serialised). */
    public record StoredCdr(String gatewayId, long seq, String json) {}

    /** What storing a batch did. {@code ackedUpTo} is what to acknowledge (0: nothing yet). */
    public record StoreResult(int inserted, int duplicates, long ackedUpTo) {}

    private final Database db;

    private CdrArchive(Database db) { this.db = db; }

    public static CdrArchive open(Path file) {
        return new CdrArchive(Database.open(file, ArchiveSchema.ALL));
    }

    public Path file() { return db.file(); }

    /** Stores a batch of one gateway (seqs ascending or not) and advances its contiguous mark. */
    public StoreResult store(String site, String gatewayId, List<StoredCdr> batch) {
        return store(site, gatewayId, null, batch);
    }

    /** As {@link #store(String, String, List)}, with the gateway's {@code acked} floor (or null). */
    public StoreResult store(String site, String gatewayId, Long gatewayAcked, List<StoredCdr> batch) {
        if (batch.isEmpty()) return new StoreResult(0, 0, ackedUpTo(gatewayId));
        String now = Instant.now().toString();
        return db.inTransaction(c -> {
            int inserted = 0;
            long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR IGNORE INTO cdrs (gateway_id, seq, site, json, received_at) VALUES (?, ?, ?, ?, ?)")) {
                for (StoredCdr r : batch) {
                    ps.setString(1, gatewayId);
                    ps.setLong(2, r.seq());
                    ps.setString(3, site);
                    ps.setString(4, r.json());
                    ps.setString(5, now);
                    inserted += ps.executeUpdate();
                    min = Math.min(min, r.seq());
                    max = Math.max(max, r.seq());
                }
            }
            long acked;
            Long current = acked(c, gatewayId);
            if (current == null) {
                acked = gatewayAcked != null ? gatewayAcked : min - 1;
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO cdr_sync (gateway_id, site, first_seen, acked, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, gatewayId);
                    ps.setString(2, site);
                    ps.setLong(3, min);
                    ps.setLong(4, acked);
                    ps.setString(5, now);
                    ps.executeUpdate();
                }
            } else {
                acked = gatewayAcked != null ? Math.max(current, gatewayAcked) : current;
            }
            long advanced = advance(c, gatewayId, acked, max);
            if (current == null || advanced != current) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE cdr_sync SET acked = ?, updated_at = ? WHERE gateway_id = ?")) {
                    ps.setLong(1, advanced);
                    ps.setString(2, now);
                    ps.setString(3, gatewayId);
                    ps.executeUpdate();
                }
            }
            return new StoreResult(inserted, batch.size() - inserted, advanced);
        });
    }

    /** The highest c' ≥ c such that every seq in (c, c'] is stored. */
    private static long advance(Connection c, String gw, long from, long batchMax) throws SQLException {
        long mark = from;
        if (batchMax > mark) {
            // fast path: the batch closed the range (c, batchMax] completely
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM cdrs WHERE gateway_id = ? AND seq > ? AND seq <= ?")) {
                ps.setString(1, gw);
                ps.setLong(2, mark);
                ps.setLong(3, batchMax);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) == batchMax - mark) mark = batchMax;
                }
            }
        }
        // then walk on over whatever arrived earlier out of order
        try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM cdrs WHERE gateway_id = ? AND seq > ? ORDER BY seq LIMIT 1000")) {
            while (true) {
                ps.setString(1, gw);
                ps.setLong(2, mark);
                int rows = 0;
                boolean gap = false;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        if (rs.getLong(1) != mark + 1) {
                            gap = true;
                            break;
                        }
                        mark++;
                    }
                }
                if (gap || rows < 1000) return mark;
            }
        }
    }

    private static Long acked(Connection c, String gw) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT acked FROM cdr_sync WHERE gateway_id = ?")) {
            ps.setString(1, gw);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** The highest seq of {@code gatewayId} up to which every CDR is stored (0 if none). */
    public long ackedUpTo(String gatewayId) {
        return db.read(c -> {
            Long a = acked(c, gatewayId);
            return a == null ? 0L : a;
        });
    }

    /** Stored CDRs of one gateway (or all when null), in (gateway, seq) order, after {@code afterSeq}. */
    public List<StoredCdr> cdrs(String gatewayId, long afterSeq, int limit) {
        return db.read(c -> {
            String sql = "SELECT gateway_id, seq, json FROM cdrs WHERE " + (gatewayId == null ? "" : "gateway_id = ? AND ")
                    + "seq > ? ORDER BY gateway_id, seq LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (gatewayId != null) ps.setString(i++, gatewayId);
                ps.setLong(i++, afterSeq);
                ps.setInt(i, limit);
                List<StoredCdr> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new StoredCdr(rs.getString(1), rs.getLong(2), rs.getString(3)));
                }
                return out;
            }
        });
    }

    /** The newest {@code limit} CDRs (of one gateway, or all when null), newest first. */
    public List<StoredCdr> recent(String gatewayId, int limit) {
        return db.read(c -> {
            String sql = "SELECT gateway_id, seq, json FROM cdrs " + (gatewayId == null ? "" : "WHERE gateway_id = ? ")
                    + "ORDER BY received_at DESC, seq DESC LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (gatewayId != null) ps.setString(i++, gatewayId);
                ps.setInt(i, limit);
                List<StoredCdr> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new StoredCdr(rs.getString(1), rs.getLong(2), rs.getString(3)));
                }
                return out;
            }
        });
    }

    /** Every stored seq of a gateway, ascending (tests and audits: gaps and duplicates show here). */
    public long[] seqs(String gatewayId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM cdrs WHERE gateway_id = ? ORDER BY seq")) {
                ps.setString(1, gatewayId);
                List<Long> l = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) l.add(rs.getLong(1));
                }
                return l.stream().mapToLong(Long::longValue).toArray();
            }
        });
    }

    public long count(String gatewayId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM cdrs WHERE gateway_id = ?")) {
                ps.setString(1, gatewayId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /** Records the latest status of a gateway (the retained message, online or offline). */
    public void saveStatus(String site, String gatewayId, boolean online, String json) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO status (gateway_id, site, online, json, received_at) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (gateway_id) DO UPDATE SET site = excluded.site, "
                    + "online = excluded.online, json = excluded.json, received_at = excluded.received_at")) {
                ps.setString(1, gatewayId);
                ps.setString(2, site);
                ps.setInt(3, online ? 1 : 0);
                ps.setString(4, json);
                ps.setString(5, Instant.now().toString());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The last status JSON recorded for a gateway. */
    public Optional<String> status(String gatewayId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT json FROM status WHERE gateway_id = ?")) {
                ps.setString(1, gatewayId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Appends an alarm event (raised or cleared) to the history. */
    public void saveAlarm(String site, String gatewayId, AlarmEvent a) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO alarms (gateway_id, site, alarm_id, severity, state, text, "
                    + "time, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, gatewayId);
                ps.setString(2, site);
                ps.setString(3, a.id());
                ps.setString(4, a.severity());
                ps.setString(5, a.state());
                ps.setString(6, a.text());
                ps.setString(7, a.time());
                ps.setString(8, Instant.now().toString());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The newest {@code limit} alarm events (of one gateway, or all when null), oldest first. */
    public List<AlarmEvent> alarms(String gatewayId, int limit) {
        return db.read(c -> {
            String sql = "SELECT * FROM (SELECT id, gateway_id, site, alarm_id, severity, state, text, time FROM alarms "
                    + (gatewayId == null ? "" : "WHERE gateway_id = ? ") + "ORDER BY id DESC LIMIT ?) ORDER BY id";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (gatewayId != null) ps.setString(i++, gatewayId);
                ps.setInt(i, limit);
                List<AlarmEvent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AlarmEvent(rs.getString("site"), rs.getString("gateway_id"), rs.getString("alarm_id"),
                                rs.getString("severity"), rs.getString("state"), rs.getString("text"), rs.getString("time")));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void close() { db.close(); }
}
