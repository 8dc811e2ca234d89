package dev.lifeline.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @Test
    void replacesTheWholeFileAndLeavesNoTempFileBehind(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sub/state");
        AtomicFiles.write(f, "one\n");
        AtomicFiles.write(f, "two\n");
        assertEquals("two\n", Files.readString(f));
        try (var s = Files.list(f.getParent())) {
            assertEquals(1, s.count(), "only the state file");
        }
    }

    @Test
    void aSecretIsOwnerOnlyFromTheStart(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("secret");
        Files.writeString(dir.resolve(".secret.tmp"), "a torn write from before a crash");
        AtomicFiles.write(f, "key\n", PosixFilePermissions.fromString("rw-------"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals("key\n", Files.readString(f));
        assertFalse(Files.exists(dir.resolve(".secret.tmp")));
    }
}
