package dev.lifeline.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.tinylog.Logger;

/**
 * The fallback for CDRs the database cannot take: an append-only file of one {@link CdrLine}
 * per line, each append fsynced before it returns, so a spooled CDR survives a crash or power
 * cut. It lives in its own directory ({@code <data>/spool/}) next to, not inside, the SQLite
 * files: a locked or read-only database file does not stop it.
 *
 * <p>A full disk would stop it too, so the spool keeps a small reserve file (256 KiB, about 600
 * CDRs), written at start; when an append fails, the reserve gives back a page and the append is
 * tried again. An append that still fails is cut back to the previous length, so the file never
 * holds a torn line that would glue itself to the next record.
 */
public final class CdrSpool {
    static final int RESERVE_BYTES = 256 * 1024;

    private final Path file;
    private final Path reserve;

    public CdrSpool(Path file) {
        this.file = file;
        this.reserve = file.resolveSibling(file.getFileName() + ".reserve");
    }

    /** The spool of a data directory. */
    public static CdrSpool in(Path dataDir) { return new CdrSpool(dataDir.resolve("spool").resolve("cdr-spool.jsonl")); }

    public Path file() { return file; }

    /** Creates the directory and the reserve; a failure here is logged, not fatal (the DB may be fine). */
    public synchronized void prepare() {
        try {
            Files.createDirectories(file.getParent());
            ensureReserve();
        } catch (IOException e) {
            Logger.warn("CDR spool {}: cannot prepare ({}); spooling may fail when the disk is full", file, e.getMessage());
        }
    }

    private void ensureReserve() throws IOException {
        if (Files.exists(reserve) && Files.size(reserve) == RESERVE_BYTES) return;
        try (FileChannel ch = FileChannel.open(reserve, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(RESERVE_BYTES);
            while (zeros.hasRemaining()) ch.write(zeros, zeros.position());
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(reserve);
            throw e;
        }
    }

    /**
     * Appends one CDR and fsyncs; throws if it is not durably in the file. On a failed write the
     * reserve is shrunk one page at a time (not deleted), so the space it gives back goes to the
     * spool and not to the database, which would only fill it again.
     */
    public synchronized void append(Cdr cdr) throws IOException {
        byte[] line = (CdrLine.write(cdr) + "\n").getBytes(StandardCharsets.UTF_8);
        while (true) {
            try {
                write(line);
                return;
            } catch (IOException e) {
                if (!shrinkReserve()) throw e;
                Logger.warn("CDR spool {}: append failed ({}); took {} bytes from the reserve", file, e.getMessage(), RESERVE_STEP);
            }
        }
    }

    static final int RESERVE_STEP = 4096;

    /** Gives one page of the reserve back; false when there is none left. */
    private boolean shrinkReserve() {
        try {
            if (!Files.exists(reserve)) return false;
            long size = Files.size(reserve);
            if (size <= RESERVE_STEP) {
                Files.delete(reserve);
                return size > 0;
            }
            try (FileChannel ch = FileChannel.open(reserve, StandardOpenOption.WRITE)) {
                ch.truncate(size - RESERVE_STEP);
                ch.force(true);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void write(byte[] line) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long before = ch.size();
            try {
                ByteBuffer buf = ByteBuffer.wrap(line);
                long pos = before;
                while (buf.hasRemaining()) pos += ch.write(buf, pos);
                ch.force(true);
            } catch (IOException e) {
                try {
                    ch.truncate(before);
                    ch.force(true);
                } catch (IOException ignored) {
                    // the torn tail is skipped by readAll
                }
                throw e;
            }
        }
    }

    /** Every spooled CDR, in the order they were appended; a torn or unreadable line is logged and skipped. */
    public synchronized List<Cdr> readAll() throws IOException {
        List<Cdr> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) continue;
            try {
                out.add(CdrLine.read(line));
            } catch (RuntimeException e) {
                Logger.error("CDR spool {} line {}: unreadable ({}), skipped: {}", file, n, e.getMessage(), line);
            }
        }
        return out;
    }

    public synchronized boolean isEmpty() {
        try {
            return !Files.exists(file) || Files.size(file) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Empties the file (every CDR in it is committed) and puts the reserve back when there is room. */
    public synchronized void clear() throws IOException {
        if (Files.exists(file)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(0);
                ch.force(true);
            }
        }
        try {
            ensureReserve();
        } catch (IOException e) {
            Logger.warn("CDR spool {}: reserve not restored ({})", file, e.getMessage());
        }
    }
}
