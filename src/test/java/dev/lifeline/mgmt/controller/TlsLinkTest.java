package dev.lifeline.mgmt.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lifeline.it.Mosquitto;
import dev.lifeline.store.CdrStore;
import dev.lifeline.store.ConfigVersions;
import dev.lifeline.store.Database;
import dev.lifeline.util.Clock;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to an ssl:// broker with {@code controller.ca-file}: the link trusts the broker whose
 * certificate that CA signed, and refuses one signed by another CA. Certificates are made with
 * openssl for each run.
 */
class TlsLinkTest {
    @TempDir Path dir;

    @Test
    void theLinkTrustsExactlyTheConfiguredCa() throws Exception {
        dev.lifeline.it.Peers.require(dev.lifeline.it.Peers.OPENSSL, "openssl");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=lifeline-test-ca");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other-ca.pem", "-days", "2",
                "-subj", "/CN=someone-else");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
        Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "san.cnf");
        for (String f : List.of("server.key", "server.pem", "ca.pem")) dir.resolve(f).toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);

        try (Mosquitto broker = Mosquitto.startWith("certfile " + dir.resolve("server.pem") + "\nkeyfile " + dir.resolve("server.key"));
             Database db = Database.open(dir.resolve("gw.db"))) {
            String url = "ssl://127.0.0.1:" + broker.port();
            StubGateway good = StubGateway.demo("\ncontroller: { url: \"" + url + "\", ca-file: \"" + dir.resolve("ca.pem")
                    + "\", reconnect-max: 2s }\n");
            try (ControllerLink link = ControllerLink.start(good, new CdrStore(db), new ConfigVersions(db), 0, Clock.SYSTEM)) {
                LinkRig.await(link::online, Duration.ofSeconds(10), "TLS link with the right CA");
            }
            StubGateway wrong = StubGateway.demo("\ncontroller: { url: \"" + url + "\", ca-file: \"" + dir.resolve("other-ca.pem")
                    + "\", reconnect-max: 2s }\n");
            try (ControllerLink link = ControllerLink.start(wrong, new CdrStore(db), new ConfigVersions(db), 0, Clock.SYSTEM)) {
                Thread.sleep(3000);
                assertFalse(link.online(), "a broker certificate from another CA is refused");
            }
        }
    }

    private void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), () -> "openssl " + String.join(" ", args) + ": " + read(dir.resolve("openssl.log")));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
