package dev.lifeline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CDR journal. Sequence numbers come from a counter row updated in the same transaction
 * as the insert, so they are gap-free, strictly increasing and never reused, even after
 * {@link #deleteUpTo} has emptied the table: the controller de-duplicates on (gateway, seq).
 *
 * <p>{@link #insert} joins a surrounding {@link Database#inTransaction} if there is one. The
 * gateway calls it from the CDR writer thread, one transaction per CDR (see {@code CdrRecorder}).
 */
public final class CdrStore {
    private final Database db;

    public CdrStore(Database db) { this.db = db; }

    /**
     * Stores {@code cdr} (whose seq must be 0) under the next sequence number and returns the stored
     * copy. Idempotent by uuid: a CDR already in the journal is returned as stored, without a new
     * seq. That is what lets a CDR kept in the spool file be retried after a crash that came
     * between its commit and the spool's truncation, without ever counting it twice.
     */
    public Cdr insert(Cdr cdr) {
        if (cdr.seq() != 0) throw new IllegalArgumentException("CDR already has seq " + cdr.seq());
        return db.inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT * FROM cdr WHERE uuid = ?")) {
                q.setString(1, cdr.uuid());
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) return CdrRows.read(rs);
                }
            }
            long seq = nextSeq(c);
            Cdr stored = cdr.withSeq(seq);
            try (PreparedStatement ps = c.prepareStatement(CdrRows.INSERT)) {
                CdrRows.bind(ps, stored);
                ps.executeUpdate();
            }
            return stored;
        });
    }

    /**
     * Stores many CDRs (each with seq 0) in one transaction, under consecutive sequence numbers,
     * and returns the stored copies. One fsync for the lot: for tools, benchmarks and bulk import.
     */
    public List<Cdr> insertAll(List<Cdr> cdrs) {
        return db.inTransaction(c -> {
            List<Cdr> out = new ArrayList<>(cdrs.size());
            try (PreparedStatement ps = c.prepareStatement(CdrRows.INSERT)) {
                for (Cdr cdr : cdrs) {
                    if (cdr.seq() != 0) throw new IllegalArgumentException("CDR already has seq " + cdr.seq());
                    Cdr stored = cdr.withSeq(nextSeq(c));
                    CdrRows.bind(ps, stored);
                    ps.executeUpdate();
                    out.add(stored);
                }
            }
            return out;
        });
    }

    private static long nextSeq(Connection c) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE seq_counter SET value = value + 1 WHERE name = 'cdr'")) {
            up.executeUpdate();
        }
        try (PreparedStatement q = c.prepareStatement("SELECT value FROM seq_counter WHERE name = 'cdr'");
             ResultSet rs = q.executeQuery()) {
            if (!rs.next()) throw new SQLException("seq_counter row 'cdr' is missing");
            return rs.getLong(1);
        }
    }

    /** The newest {@code limit} CDRs, newest first. */
    public List<Cdr> recent(int limit) {
        return query("SELECT * FROM cdr ORDER BY seq DESC LIMIT ?", limit);
    }

    /**
     * Up to {@code limit} CDRs, newest first, whose calling, dialled or normalized called number
     * contains {@code number} (any number when null), that started in [{@code from}, {@code to})
     * (open ends when null). A substring test, not LIKE, so '%' and '_' in the input mean themselves.
     * Reads the table without an index on the number: fine for a journal of some 100,000 CDRs.
     */
    public List<Cdr> search(String number, java.time.Instant from, java.time.Instant to, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM cdr WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (number != null && !number.isEmpty()) {
            sql.append(" AND (instr(calling_number, ?) > 0 OR instr(called_dialled, ?) > 0 OR instr(called_number, ?) > 0)");
            args.add(number);
            args.add(number);
            args.add(number);
        }
        if (from != null) {
            sql.append(" AND start_ms >= ?");
            args.add(from.toEpochMilli());
        }
        if (to != null) {
            sql.append(" AND start_ms < ?");
            args.add(to.toEpochMilli());
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        args.add((long) limit);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
                List<Cdr> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(CdrRows.read(rs));
                }
                return out;
            }
        });
    }

    /** Up to {@code limit} CDRs with seq greater than {@code seq}, oldest first (for sync). */
    public List<Cdr> after(long seq, int limit) {
        return query("SELECT * FROM cdr WHERE seq > ? ORDER BY seq ASC LIMIT ?", seq, limit);
    }

    public Optional<Cdr> bySeq(long seq) {
        return query("SELECT * FROM cdr WHERE seq = ?", seq).stream().findFirst();
    }

    public long count() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM cdr"); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** The lowest sequence number still in the journal, or 0 when it is empty. */
    public long firstSeq() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(seq) FROM cdr"); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** The last sequence number handed out (0 if none yet), including deleted CDRs. */
    public long lastSeq() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM seq_counter WHERE name = 'cdr'");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Deletes CDRs with seq ≤ {@code seq} (the controller has them); returns how many. */
    public int deleteUpTo(long seq) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cdr WHERE seq <= ?")) {
                ps.setLong(1, seq);
                return ps.executeUpdate();
            }
        });
    }

    private List<Cdr> query(String sql, long... args) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) ps.setLong(i + 1, args[i]);
                List<Cdr> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(CdrRows.read(rs));
                }
                return out;
            }
        });
    }
}
