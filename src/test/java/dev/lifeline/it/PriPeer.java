package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * test-rigs/pri-peer (C, libpri) as the far end of a simulated E1 PRI span: the ISDN exchange
 * (side {@code net}) or a PBX (side {@code cpe}). Commands go to its stdin, its events are the
 * lines it prints (see test-rigs/pri-peer/README.md).
 */
final class PriPeer implements AutoCloseable {
    static final Path DIR = TestGateway.HOME.resolve("test-rigs/pri-peer");
    static final Path BINARY = DIR.resolve("build/pri-peer");
    private static boolean built;

    private final Process process;
    private final String name;
    private final List<String> lines = new ArrayList<>();   // guarded by this
    private int awaited;                                    // guarded by this: lines before it are consumed
    private boolean ended;                                  // guarded by this

    private PriPeer(Process process, String name) {
        this.process = process;
        this.name = name;
        Thread.ofVirtual().name("pri-peer-" + name).start(this::readLines);
    }

    /** Builds the rig with make once per JVM when the binary is missing or older than its sources. */
    static synchronized Path binary() throws Exception {
        if (built) return BINARY;
        if (!Files.exists(Path.of("/usr/include/libpri.h"))) {
            fail("/usr/include/libpri.h is missing: test-rigs/pri-peer needs libpri (apt-get install libpri-dev)");
        }
        if (stale()) {
            Process make = new ProcessBuilder("make", "-C", DIR.toString()).redirectErrorStream(true).start();
            String output = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (make.waitFor() != 0 || !Files.isExecutable(BINARY)) {
                fail("make -C " + DIR + " failed:\n" + output);
            }
        }
        built = true;
        return BINARY;
    }

    private static boolean stale() throws IOException {
        if (!Files.isExecutable(BINARY)) return true;
        var binaryTime = Files.getLastModifiedTime(BINARY);
        for (String source : List.of("pri-peer.c", "Makefile")) {
            if (Files.getLastModifiedTime(DIR.resolve(source)).compareTo(binaryTime) > 0) return true;
        }
        return false;
    }

    /** Plugs a rig into the gateway's sim listener as span {@code span}; {@code side} is net or cpe. */
    static PriPeer connect(String host, int port, String span, String side, String... extra) throws Exception {
        return start(side + "@" + span, span, side, extra, "--connect", host + ":" + port);
    }

    /** A rig that waits for one connection on a free loopback port ({@link #port()}) and plays the gateway's side. */
    static PriPeer listen(String span, String side, String... extra) throws Exception {
        return start(side + "@" + span + "-listen", span, side, extra, "--listen", "0");
    }

    private static PriPeer start(String name, String span, String side, String[] extra, String mode, String where)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), mode, where, "--span", span, "--side", side));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new PriPeer(p, name);
    }

    /** The port a {@link #listen} rig accepts its connection on. */
    int port() {
        return Integer.parseInt(await("^LISTENING (\\d+)$", Duration.ofSeconds(5)).group(1));
    }

    private void readLines() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException stopped) {
            // the rig ended
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /** Sends one command line (e.g. {@code call 5551234 0301234567}). */
    void send(String command) {
        try {
            OutputStream out = process.getOutputStream();
            out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            fail("pri-peer " + name + " does not take commands any more (" + e + "); its lines:\n" + recent());
        }
    }

    /**
     * The first line after the last one an await returned that {@code regex} finds something in
     * (use ^...$ for the whole line); fails with the rig's recent lines when none comes in time.
     */
    synchronized Matcher await(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = awaited;
        while (true) {
            for (; next < lines.size(); next++) {
                Matcher m = pattern.matcher(lines.get(next));
                if (m.find()) {
                    awaited = next + 1;
                    return m;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || ended) {
                fail("pri-peer " + name + ": no line matching /" + regex + "/ within " + timeout
                        + (ended ? " (the rig ended)" : "") + "; its recent lines:\n" + recent());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted awaiting /" + regex + "/");
            }
        }
    }

    /** Sends {@code command} and awaits its answer line. */
    Matcher ask(String command, String regex) {
        send(command);
        return await(regex, Duration.ofSeconds(5));
    }

    /** Every line the rig printed so far. */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The PRIERROR (libpri's errors) and ERROR lines so far. */
    synchronized List<String> errors() {
        return lines.stream().filter(l -> l.startsWith("PRIERROR") || l.startsWith("ERROR")).toList();
    }

    private synchronized String recent() {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            try {
                send("quit");
            } catch (AssertionError alreadyGone) {
                // it ended on its own
            }
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) process.destroyForcibly();
            }
        }
    }
}
