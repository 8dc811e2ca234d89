package dev.lifeline.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Mosquitto broker for tests, on a free loopback port with a generated config
 * (anonymous, no persistence). It can be stopped and started again on the same port, which is
 * how tests take the controller's broker away and bring it back.
 *
 * <pre>
 * try (Mosquitto broker = Mosquitto.start()) {
 *     String url = broker.url();   // tcp://127.0.0.1:&lt;port&gt;
 *     broker.stop();
 *     broker.startAgain();
 * }
 * </pre>
 * The broker logs connections to {@link #logFile()}; run with {@code -Dlifeline.keep-broker-logs=true}
 * to keep its temp dir (config and log) after {@link #close()} for a post-mortem.
 */
public final class Mosquitto implements AutoCloseable {
    public static final Path BINARY = Path.of(System.getProperty("lifeline.mosquitto", "/usr/sbin/mosquitto"));
    private static final long START_TIMEOUT_MS = 5_000;

    private final Path dir;
    private final int port;
    private final Path conf;
    private final Path log;
    private Process process;

    private Mosquitto(Path dir, int port, String extraConfig) throws IOException {
        this.dir = dir;
        this.port = port;
        this.conf = dir.resolve("mosquitto.conf");
        this.log = dir.resolve("mosquitto.log");
        Files.writeString(conf, String.join("\n", List.of(
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "log_type information",
                "max_queued_messages 100000",
                extraConfig, "")));
    }

    /** Starts a broker on a free port. */
    public static Mosquitto start() throws IOException, InterruptedException {
        return startWith("");
    }

    /** Starts a broker with more lines for its config file (a TLS listener, limits, ...). */
    public static Mosquitto startWith(String extraConfig) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " not found: install mosquitto (apt-get install mosquitto)");
        }
        Mosquitto m = new Mosquitto(Files.createTempDirectory("lifeline-mosquitto"), freePort(), extraConfig);
        m.startAgain();
        return m;
    }

    /** {@code tcp://127.0.0.1:<port>}. */
    public String url() { return "tcp://127.0.0.1:" + port; }

    public int port() { return port; }

    /** Where the broker writes its log (shown when it fails to start). */
    public Path logFile() { return log; }

    public boolean isRunning() { return process != null && process.isAlive(); }

    /** Starts the broker (again) on the same port; returns once it accepts connections. */
    public synchronized void startAgain() throws IOException, InterruptedException {
        if (isRunning()) return;
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long end = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < end) {
            if (!process.isAlive()) break;
            if (accepts()) return;
            Thread.sleep(20);
        }
        String tail = Files.exists(log) ? Files.readString(log) : "";
        stop();
        throw new IOException("mosquitto did not start on port " + port + ":\n" + tail);
    }

    /** Stops the broker (SIGTERM, then SIGKILL); clients see the connection drop. */
    public synchronized void stop() {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
        if (Boolean.getBoolean("lifeline.keep-broker-logs")) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
