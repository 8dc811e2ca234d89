package dev.lifeline.testutil;

import dev.lifeline.app.ctl.CtlMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs {@code lifeline ctl ARGS} (the reference controller's CLI) in this JVM, capturing what it prints. */
public final class CtlCli {
    private CtlCli() {}

    public record Result(int code, String out, String err) {}

    /** Synchronized: System.out/err are swapped while it runs. */
    public static synchronized Result run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = CtlMain.run(List.of(args));
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
