package dev.lifeline.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.tinylog.Logger;

/**
 * The gateway's SQLite database: one file, one connection, guarded by a lock.
 *
 * <p>Why one connection: SQLite serialises writers anyway, and one connection behind one lock
 * keeps every write a plain transaction in call order. A CDR is not written in the transaction
 * that ends the call (the call ends on the engine thread, which never waits for a disk): the
 * call layer hands it to {@code CdrRecorder}, whose writer thread commits it one transaction per
 * CDR and keeps it (memory and a spool file) and retries when this database refuses it. Durability
 * settings are chosen for never losing a CDR on power loss: WAL journal with
 * {@code synchronous=FULL} (each commit is fsynced), foreign keys on, and a busy timeout in
 * case an operator opens the file with the sqlite3 shell.
 *
 * <p>On open, pending {@link Migration}s are applied, each in its own transaction; a
 * database written by newer firmware (higher schema version) is refused rather than guessed at.
 */
public final class Database implements AutoCloseable {
    static final int BUSY_TIMEOUT_MS = 5_000;

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean inTransaction;

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating if needed) the database at {@code file} and brings its schema up to date. */
    public static Database open(Path file) {
        return open(file, Migrations.ALL);
    }

    /**
     * Opens a database with another schema history (the reference controller keeps its own
     * file with the same durability settings).
     */
    public static Database open(Path file, List<Migration> migrations) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StoreException("cannot create the directory for database " + file + ": " + e.getMessage(), e);
        }
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw new StoreException("cannot open database " + file + ": " + e.getMessage(), e);
        }
        Database db = new Database(file, c);
        try {
            db.configure();
            db.migrate(migrations);
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private void configure() {
        read(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
                try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
                    String mode = rs.next() ? rs.getString(1) : "?";
                    if (!"wal".equalsIgnoreCase(mode)) {
                        throw new StoreException("database " + file + " cannot use WAL journal mode (got " + mode
                                + "); is it on a filesystem without shared memory support?");
                    }
                }
                st.execute("PRAGMA synchronous = FULL");
                st.execute("PRAGMA foreign_keys = ON");
            }
            return null;
        });
    }

    private void migrate(List<Migration> migrations) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) throw new IllegalStateException("migration versions must be 1, 2, 3, ...");
        }
        read(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                        + "description TEXT NOT NULL, applied_at TEXT NOT NULL)");
            }
            return null;
        });
        int current = schemaVersion();
        int latest = Migrations.latest(migrations);
        if (current > latest) {
            throw new StoreException("database " + file + " has schema version " + current + " but this firmware knows only up to "
                    + latest + "; it was written by newer firmware. Upgrade the firmware or move the database aside.");
        }
        for (Migration m : migrations) {
            if (m.version() <= current) continue;
            inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    for (String sql : m.statements()) st.executeUpdate(sql);
                }
                try (var ps = c.prepareStatement("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    ps.setInt(1, m.version());
                    ps.setString(2, m.description());
                    ps.setString(3, Instant.now().toString());
                    ps.executeUpdate();
                }
                return null;
            });
            Logger.info("database {}: applied schema migration {} ({})", file, m.version(), m.description());
        }
    }

    /** The highest applied migration. */
    public int schemaVersion() {
        return read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    public Path file() { return file; }

    /**
     * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws.
     * Nested calls on the same thread join the outer transaction.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        lock.lock();
        try {
            if (inTransaction) return work.run(connection);
            connection.setAutoCommit(false);
            inTransaction = true;
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                throw e;
            } finally {
                inTransaction = false;
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("database " + file + ": " + e.getMessage() + diskNote(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * When the disk is full SQLite rolls the transaction back itself and the driver reports a
     * confusing "cannot commit - no transaction is active"; saying how much space is left makes
     * the real cause plain in logs and alarms.
     */
    private String diskNote() {
        try {
            long free = Files.getFileStore(file.toAbsolutePath().getParent()).getUsableSpace();
            return free < 1024 * 1024 ? " (disk full? " + free + " bytes free)" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Runs {@code work} under the lock without opening a transaction (reads, pragmas). */
    public <T> T read(SqlWork<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("database " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // after SQLITE_FULL or an I/O error SQLite has already rolled back; nothing to report twice
            if (String.valueOf(e.getMessage()).contains("no transaction is active")) return;
            Logger.warn(e, "database {}: rollback failed", file);
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!connection.isClosed()) connection.close();
        } catch (SQLException e) {
            Logger.warn(e, "database {}: close failed", file);
        } finally {
            lock.unlock();
        }
    }
}
