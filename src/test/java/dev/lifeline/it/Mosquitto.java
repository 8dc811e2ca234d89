package dev.lifeline.it;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto broker (Debian {@code mosquitto}) for the controller tests, on a free
 * loopback port, anonymous, without persistence. {@link #stop()} and {@link #startAgain()}
 * take it away and bring it back on the same port (a broker outage as the gateway sees it).
 */
public final class Mosquitto implements AutoCloseable {
    private static final String BINARY = "/usr/sbin/mosquitto";
    private final Path dir;
    private final int port;
    private Process process;

    private Mosquitto(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a broker on a free port; the test is skipped if Mosquitto is not installed. */
    public static Mosquitto start() throws IOException, InterruptedException {
        Assumptions.assumeTrue(new File(BINARY).canExecute(), "mosquitto is not installed (apt-get install mosquitto)");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("mosquitto");
        Files.writeString(dir.resolve("mosquitto.conf"), """
                listener %d 127.0.0.1
                allow_anonymous true
                persistence false
                log_dest file %s
                log_type error
                log_type warning
                log_type notice
                log_type information
                """.formatted(port, dir.resolve("mosquitto.log")));
        Mosquitto m = new Mosquitto(dir, port);
        m.startAgain();
        return m;
    }

    /** {@code tcp://127.0.0.1:<port>} */
    public String url() { return "tcp://127.0.0.1:" + port; }

    public int port() { return port; }

    /** Stops the broker (SIGTERM) and waits until it has gone; its sessions and retained messages go with it. */
    public void stop() {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the broker again on the same port and waits until it accepts connections. */
    public void startAgain() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) return;
        process = new ProcessBuilder(BINARY, "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.txt").toFile()))
                .start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (!process.isAlive()) throw new IOException("mosquitto exited: " + log());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("mosquitto did not listen on " + port + ": " + log());
    }

    public boolean running() { return process != null && process.isAlive(); }

    /** The broker's log (connections, disconnections, wills), for assertion messages. */
    public String log() {
        try {
            StringBuilder sb = new StringBuilder();
            for (String f : new String[] {"mosquitto.log", "stdout.txt"}) {
                Path p = dir.resolve(f);
                if (Files.exists(p)) sb.append(Files.readString(p));
            }
            return sb.toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() { stop(); }
}
