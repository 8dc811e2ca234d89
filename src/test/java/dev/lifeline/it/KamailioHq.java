package dev.lifeline.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lifeline.sip.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kamailio as HQ (test-rigs/hq/kamailio-hq.cfg) for end-to-end tests: a digest registrar (every
 * user's password is {@code lifeline<user>}) with Path, routing calls between its users and
 * challenging every new INVITE. Started on a free loopback UDP port with the realm the test
 * names; {@link #freeze()} (SIGSTOP) makes it a dead WAN without closing its socket,
 * {@link #thaw()} brings it back. Its log (one line per request it sees) is readable.
 */
public final class KamailioHq implements AutoCloseable {
    private static final Path CFG = TestGateway.HOME.resolve("test-rigs/hq/kamailio-hq.cfg");
    private final Process process;
    private final int port;
    private final Path dir;

    private KamailioHq(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }


    /** Starts Kamailio with digest realm {@code realm}; waits until it listens. Fails the test when it is not installed. */
    public static KamailioHq start(String realm) throws Exception {
        Peers.requireKamailio();
        int port = FreePorts.udpAndTcp();
        Path dir = Files.createTempDirectory("kamailio-hq");
        Process p = new ProcessBuilder("/usr/sbin/kamailio", "-f", CFG.toString(), "-DD", "-E", "-n", "1",
                "-l", "udp:127.0.0.1:" + port, "-m", "32", "-M", "4", "-Y", dir.toString(),
                "-A", "REALM=\"" + realm + "\"", "-d", "-d")
                .redirectErrorStream(true).redirectOutput(dir.resolve("kamailio.log").toFile()).start();
        KamailioHq hq = new KamailioHq(p, port, dir);
        long end = System.currentTimeMillis() + 5_000;
        while (!hq.log().contains("udp_server") && System.currentTimeMillis() < end) {
            if (!p.isAlive()) throw new IOException("kamailio exited:\n" + hq.log());
            Thread.sleep(50);
        }
        Thread.sleep(200);
        return hq;
    }

    public int port() { return port; }

    /** What Kamailio logged so far (a line per request: method, R-URI, source, From, Call-ID). */
    public String log() {
        try {
            return Files.readString(dir.resolve("kamailio.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Lines of the log for requests of {@code method} from {@code fromUser}. */
    public List<String> requests(String method, String fromUser) {
        return requests(log(), method, fromUser);
    }

    /** Lines of a kamailio-hq.cfg log (e.g. one a {@link WanRig} started) for requests of {@code method} from {@code fromUser}. */
    public static List<String> requests(String log, String method, String fromUser) {
        return log.lines().filter(l -> l.contains("hq: " + method + " ") && l.contains("From sip:" + fromUser + "@")).toList();
    }

    /** SIGSTOP: packets still arrive, nothing answers — a WAN cut as the gateway sees it. */
    public void freeze() throws Exception { signal("STOP"); }

    /** SIGCONT: HQ answers again (and works off what queued up meanwhile). */
    public void thaw() throws Exception { signal("CONT"); }

    private void signal(String sig) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + sig, String.valueOf(process.pid())));
        process.descendants().forEach(h -> cmd.add(String.valueOf(h.pid()))); // the UDP receivers are children
        new ProcessBuilder(cmd).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) thaw();
        } catch (Exception ignored) {
            // stopping anyway
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
