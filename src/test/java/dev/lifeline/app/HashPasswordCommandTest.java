package dev.lifeline.app;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.mgmt.web.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code lifeline hash-password --stdin}: prints a hash that verifies, and refuses short passwords. */
class HashPasswordCommandTest {
    private static String[] run(String stdin, String... args) {
        InputStream in = System.in;
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int rc = HashPasswordCommand.run(Args.parse(List.of(args)));
            return new String[] {String.valueOf(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setIn(in);
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void printsAHashOfTheLineOnStdin() {
        String[] r = run("a long passphrase\n", "--stdin", "--iterations", "100000");
        assertEquals("0", r[0], r[2]);
        String hash = r[1].strip();
        assertTrue(hash.startsWith("pbkdf2-sha256$100000$"), hash);
        assertTrue(PasswordHash.verify("a long passphrase".toCharArray(), hash));
        assertFalse(r[1].contains("passphrase"), "the password is never printed");
    }

    @Test
    void refusesShortPasswordsAndWeakIterations() {
        String[] r = run("short\n", "--stdin", "--iterations", "100000");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("at least 8 characters"), r[2]);
        assertEquals("", r[1]);
        assertThrows(IllegalArgumentException.class, () -> run("a long passphrase\n", "--stdin", "--iterations", "1000"));
    }
}
