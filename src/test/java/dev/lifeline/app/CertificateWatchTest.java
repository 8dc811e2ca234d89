package dev.lifeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.ConfigLoader;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.mgmt.controller.Alarms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cert-expiry alarm and the certificates in status, for the controller's client certificate
 * (made with openssl, valid 60 days) as time passes; and a private key others can read is refused
 * by the config, naming the file.
 */
class CertificateWatchTest {
    @TempDir Path dir;

    private void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "openssl " + args[0]);
    }

    private SiteConfig site() throws Exception {
        Path home = Path.of(System.getProperty("lifeline.project.dir", "."));
        BoardProfile board = ConfigLoader.loadBoard(home.resolve("board-profiles/sim-4fxs-2fxo.yaml"));
        String text = Files.readString(home.resolve("site-configs/demo.yaml")) + "\ncontroller: { url: \"ssl://127.0.0.1:8883\", cert-file: \""
                + dir.resolve("gw.pem") + "\", key-file: \"" + dir.resolve("gw.key") + "\" }\n";
        return ConfigLoader.loadSite(text, "site.yaml", board);
    }

    @Test
    void warnsThirtyDaysBeforeAndIsMajorOnceExpired() throws Exception {
        dev.lifeline.it.Peers.require(dev.lifeline.it.Peers.OPENSSL, "openssl");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "gw.key", "-out", "gw.pem", "-days", "60", "-subj", "/CN=gw-demo");
        Files.setPosixFilePermissions(dir.resolve("gw.key"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
        CertificateWatch w = new CertificateWatch(now::get);
        w.check(site());
        Alarms alarms = new Alarms(Instant::now);
        w.attach(alarms);
        assertEquals(1, w.status().size());
        assertEquals("CN=gw-demo", w.status().get(0).get("subject"));
        assertTrue(((Number) w.status().get(0).get("daysLeft")).longValue() >= 59);
        assertNull(w.alarmText(), "60 days left: no alarm");
        assertFalse(alarms.isRaised("cert-expiry"));

        now.set(now.get().plus(Duration.ofDays(35)));
        w.check(site());
        assertTrue(alarms.isRaised("cert-expiry"));
        assertEquals(Alarms.Severity.MINOR, alarms.get("cert-expiry").severity());
        assertTrue(alarms.get("cert-expiry").text().contains("controller client certificate (CN=gw-demo) expires in 24 days"),
                alarms.get("cert-expiry").text());

        now.set(now.get().plus(Duration.ofDays(30)));
        w.check(site());
        assertEquals(Alarms.Severity.MAJOR, alarms.get("cert-expiry").severity());
        assertTrue(alarms.get("cert-expiry").text().contains("EXPIRED"));
    }

    @Test
    void aPrivateKeyOthersCanReadIsRefused() throws Exception {
        dev.lifeline.it.Peers.require(dev.lifeline.it.Peers.OPENSSL, "openssl");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "gw.key", "-out", "gw.pem", "-days", "60", "-subj", "/CN=gw-demo");
        Files.setPosixFilePermissions(dir.resolve("gw.key"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.lifeline.config.ConfigException.class, this::site);
        assertTrue(e.errors().stream().anyMatch(x -> x.field().equals("controller.key-file")
                && x.message().contains("readable by everyone") && x.message().contains("chmod 600")), e.errors().toString());
    }

    /** demo.yaml with SIP over TLS presenting gw.pem (and trusting it as the CA for HQ). */
    private SiteConfig sipTlsSite() throws Exception {
        Path home = Path.of(System.getProperty("lifeline.project.dir", "."));
        BoardProfile board = ConfigLoader.loadBoard(home.resolve("board-profiles/sim-4fxs-2fxo.yaml"));
        String text = Files.readString(home.resolve("site-configs/demo.yaml")).replace("  tcp-port: 5060",
                "  tcp-port: 5060\n  tls: { cert-file: \"" + dir.resolve("gw.pem") + "\", key-file: \"" + dir.resolve("gw.key")
                        + "\", ca-file: \"" + dir.resolve("gw.pem") + "\" }");
        return ConfigLoader.loadSite(text, "site.yaml", board);
    }

    @Test
    void theSipTlsCertificateIsWatchedAndItsKeyMustBePrivate() throws Exception {
        dev.lifeline.it.Peers.require(dev.lifeline.it.Peers.OPENSSL, "openssl");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "gw.key", "-out", "gw.pem", "-days", "20", "-subj", "/CN=sip-gw");
        Files.setPosixFilePermissions(dir.resolve("gw.key"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.lifeline.config.ConfigException.class, this::sipTlsSite);
        assertTrue(e.errors().stream().anyMatch(x -> x.field().equals("sip.tls.key-file")
                && x.message().contains("readable by its group") && x.message().contains("chmod 600")), e.errors().toString());

        Files.setPosixFilePermissions(dir.resolve("gw.key"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        CertificateWatch w = new CertificateWatch(Instant::now);
        w.check(sipTlsSite());
        assertEquals(List.of("SIP TLS certificate", "SIP TLS CA (HQ servers)"), w.status().stream().map(m -> m.get("use")).toList());
        Alarms alarms = new Alarms(Instant::now);
        w.attach(alarms);
        assertTrue(alarms.isRaised("cert-expiry"), "20 days left");
        assertTrue(alarms.get("cert-expiry").text().contains("SIP TLS certificate (CN=sip-gw) expires in 19 days"),
                alarms.get("cert-expiry").text());
    }
}
