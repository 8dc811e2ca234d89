package dev.lifeline.mgmt.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.config.HttpConsoleConfig;
import dev.lifeline.config.WebUser;
import dev.lifeline.util.Json;
import dev.lifeline.util.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console over HTTPS (issue #15): served with the site's certificate, TLS 1.2+ only, the
 * session cookie Secure and https:// the only accepted Origin; plain HTTP to the port gets nothing.
 */
class WebConsoleTlsTest {
    @TempDir Path dir;

    private String run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue() + ":" + out;
    }

    @Test
    void servesHttpsWithSecureCookiesAndRefusesOldTlsAndPlainHttp() throws Exception {
        dev.lifeline.it.Peers.require(dev.lifeline.it.Peers.OPENSSL, "openssl");
        Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1\n");
        String made = run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "console.key", "-out", "console.pem",
                "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        assertTrue(made.startsWith("0:"), made);
        Files.setPosixFilePermissions(dir.resolve("console.key"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        List<WebUser> users = List.of(new WebUser("admin", WebUser.Role.ADMIN,
                PasswordHash.hash("admin-password".toCharArray(), WebUser.MIN_ITERATIONS, new SecureRandom())));
        HttpConsoleConfig cfg = new HttpConsoleConfig("127.0.0.1", 0, users, 60_000, 8, 2,
                dir.resolve("console.pem").toString(), dir.resolve("console.key").toString());
        ManualClock clock = new ManualClock(Instant.parse("2026-12-06T10:00:00Z"));
        WebConsole console = WebConsole.start(cfg, 0, new WebConsoleHttpTest.Backend(clock), clock);
        try {
            String base = console.uri();
            assertTrue(base.startsWith("https://127.0.0.1:"), base);

            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("console", dev.lifeline.util.Pem.certificates(dir.resolve("console.pem")).get(0));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                    .header("Content-Type", "application/json").header("Origin", base)
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("name", "admin", "password", "admin-password")))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            assertTrue(login.headers().firstValue("Set-Cookie").orElseThrow().contains("; Secure"), "the session cookie is Secure over TLS");
            HttpResponse<String> httpOrigin = https.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                    .header("Content-Type", "application/json").header("Origin", base.replace("https://", "http://"))
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("name", "admin", "password", "admin-password")))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, httpOrigin.statusCode(), "an http:// Origin is not this console's");

            String port = base.substring(base.lastIndexOf(':') + 1);
            String ok = run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", "console.pem", base + "/");
            assertEquals("0:200", ok, "curl trusts the site certificate");
            String old = run("curl", "-sS", "-o", "/dev/null", "--cacert", "console.pem", "--tlsv1.1", "--tls-max", "1.1", base + "/");
            assertTrue(!old.startsWith("0:"), "TLS 1.1 refused: " + old);
            String plain = run("curl", "-sS", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:" + port + "/");
            assertNotEquals("0:200", plain, "plain HTTP gets nothing: " + plain);
        } finally {
            console.close();
        }
    }
}
