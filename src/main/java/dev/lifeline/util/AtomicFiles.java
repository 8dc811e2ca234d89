package dev.lifeline.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a small state file so that a crash or a power cut leaves either the old contents or
 * the new, never a torn file: the text goes to a temp file beside it, is forced to disk, and the
 * temp file is renamed over the old one.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** As {@link #write(Path, String, Set)} with the default permissions. */
    public static void write(Path file, String text) throws IOException { write(file, text, null); }

    /**
     * @param owner the file's permissions, set on the temp file before anything is written to it
     *              (a secret is never readable by others, not even for a moment); null: the default
     */
    public static void write(Path file, String text, Set<PosixFilePermission> owner) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (owner != null) {
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(owner));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp); // not a POSIX file system (development on another OS)
            }
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
