package dev.lifeline.app;

import dev.lifeline.config.WebUser;
import dev.lifeline.mgmt.web.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * {@code lifeline hash-password}: asks for a password twice (not echoed) and prints the
 * {@code password-hash} value for {@code management.http.users} in the site config. With
 * {@code --stdin} it reads one line from standard input instead (scripts, provisioning). The
 * password itself is never printed or written anywhere.
 */
final class HashPasswordCommand {
    static final int MIN_LENGTH = 8;

    private HashPasswordCommand() {}

    static int run(Args a) {
        int iterations;
        try {
            iterations = Integer.parseInt(a.get("iterations", String.valueOf(PasswordHash.DEFAULT_ITERATIONS)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--iterations needs a number");
        }
        if (iterations < WebUser.MIN_ITERATIONS || iterations > WebUser.MAX_ITERATIONS) {
            throw new IllegalArgumentException("--iterations must be between " + WebUser.MIN_ITERATIONS + " and "
                    + WebUser.MAX_ITERATIONS);
        }
        char[] pw = null;
        try {
            Console console = System.console();
            if (!a.flag("stdin") && console == null) {
                System.err.println("lifeline: no terminal to ask on; pipe the password in with --stdin");
                return 2;
            }
            if (a.flag("stdin")) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                pw = line == null ? new char[0] : line.toCharArray();
            } else {
                pw = console.readPassword("Password: ");
                char[] again = console.readPassword("Again: ");
                boolean same = pw != null && Arrays.equals(pw, again);
                if (again != null) Arrays.fill(again, '\0');
                if (!same) {
                    System.err.println("lifeline: the two passwords differ; nothing printed");
                    return 1;
                }
            }
            if (pw == null || pw.length < MIN_LENGTH) {
                System.err.println("lifeline: a console password needs at least " + MIN_LENGTH + " characters");
                return 1;
            }
            System.out.println(PasswordHash.hash(pw, iterations, new SecureRandom()));
            return 0;
        } catch (IOException e) {
            System.err.println("lifeline: cannot read the password: " + e.getMessage());
            return 1;
        } finally {
            if (pw != null) Arrays.fill(pw, '\0');
        }
    }
}
