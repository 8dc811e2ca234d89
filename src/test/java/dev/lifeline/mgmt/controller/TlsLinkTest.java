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
        caAndBrokerCertificates();
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

    @Test
    void aBrokerThatAsksForAClientCertificateTakesOnlyOneItsCaSigned() throws Exception {
        caAndBrokerCertificates();
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "gw.key", "-out", "gw.csr", "-subj", "/CN=gw-demo");
        openssl("x509", "-req", "-in", "gw.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "gw.pem", "-days", "2");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "rogue.key", "-out", "rogue.csr", "-subj", "/CN=gw-demo");
        openssl("x509", "-req", "-in", "rogue.csr", "-CA", "other-ca.pem", "-CAkey", "other.key", "-CAcreateserial", "-out", "rogue.pem", "-days", "2");
        for (String f : List.of("server.key", "server.pem", "ca.pem")) dir.resolve(f).toFile().setReadable(true, false);
        for (String f : List.of("gw.key", "rogue.key")) {
            Files.setPosixFilePermissions(dir.resolve(f), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        dir.toFile().setExecutable(true, false);

        try (Mosquitto broker = Mosquitto.startWith("certfile " + dir.resolve("server.pem") + "\nkeyfile " + dir.resolve("server.key")
                + "\ncafile " + dir.resolve("ca.pem") + "\nrequire_certificate true");
             Database db = Database.open(dir.resolve("gw.db"))) {
            String url = "ssl://127.0.0.1:" + broker.port();
            String ca = "ca-file: \"" + dir.resolve("ca.pem") + "\", reconnect-max: 2s";
            StubGateway none = StubGateway.demo("\ncontroller: { url: \"" + url + "\", " + ca + " }\n");
            try (ControllerLink link = ControllerLink.start(none, new CdrStore(db), new ConfigVersions(db), 0, Clock.SYSTEM)) {
                Thread.sleep(3000);
                assertFalse(link.online(), "no client certificate: refused by the broker");
            }
            StubGateway rogue = StubGateway.demo("\ncontroller: { url: \"" + url + "\", " + ca + ", cert-file: \"" + dir.resolve("rogue.pem")
                    + "\", key-file: \"" + dir.resolve("rogue.key") + "\" }\n");
            try (ControllerLink link = ControllerLink.start(rogue, new CdrStore(db), new ConfigVersions(db), 0, Clock.SYSTEM)) {
                Thread.sleep(3000);
                assertFalse(link.online(), "a client certificate from another CA: refused");
            }
            StubGateway good = StubGateway.demo("\ncontroller: { url: \"" + url + "\", " + ca + ", cert-file: \"" + dir.resolve("gw.pem")
                    + "\", key-file: \"" + dir.resolve("gw.key") + "\" }\n");
            try (ControllerLink link = ControllerLink.start(good, new CdrStore(db), new ConfigVersions(db), 0, Clock.SYSTEM)) {
                LinkRig.await(link::online, Duration.ofSeconds(10), "TLS link with the gateway's certificate");
            }
        }
    }

    /** A test CA, another CA, and the broker's certificate for 127.0.0.1 signed by the first. */
    private void caAndBrokerCertificates() throws Exception {
        dev.lifeline.it.Peers.require(dev.lifeline.it.Peers.OPENSSL, "openssl");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=lifeline-test-ca");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other-ca.pem", "-days", "2",
                "-subj", "/CN=someone-else");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
        Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "san.cnf");
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
