package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CoAP management API over DTLS with X.509 certificates (issue #15), asked by libcoap's
 * OpenSSL client and by the {@code lifeline} CLI: the gateway presents its certificate and takes
 * only clients whose certificate the configured client CA issued and whose CN the site config
 * gives a role. Without credentials, with another CA's certificate, and with the right CA's
 * certificate for a CN without a role, the handshake fails; a viewer's certificate reads but
 * cannot act (4.03); an admin's is served. Pre-shared keys are off here (certificates only), so
 * nothing else gets in. Every certificate is made by openssl for this run.
 */
@Tag("e2e")
class CoapCertE2ETest {
    @TempDir Path dir;

    @Test
    void onlyCertificatesOfTheClientCaWithARoleGetInAndOnlyAdminsMayAct() throws Exception {
        certificates();
        String cfg = "  coap-port: 5683\n  coap-psk: off\n"
                + "  coap-cert-file: \"" + dir.resolve("gw.pem") + "\"\n"
                + "  coap-key-file: \"" + dir.resolve("gw.key") + "\"\n"
                + "  coap-client-ca: \"" + dir.resolve("ca.pem") + "\"\n"
                + "  coap-client-roles: { ops-admin: admin, nms-viewer: viewer, lifeline-cli: viewer }\n";
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s.replace("  coap-port: 5683\n", cfg))) {
            String uri = Files.readString(gw.dataDir().resolve("run/mgmt.uri")).trim();
            assertTrue(uri.startsWith("coaps://127.0.0.1:"), "certificates mean DTLS even on loopback: " + uri);
            assertFalse(Files.exists(gw.dataDir().resolve("secrets/coap-psk")), "no pre-shared keys made when they are off");
            String port = uri.substring(uri.lastIndexOf(':') + 1);

            String plain = coap("coap-client-notls", "coap://127.0.0.1:" + port + "/status");
            assertFalse(plain.contains("gateway gw-demo"), "plain CoAP gets nothing: " + plain);
            String none = coap("coap-client-openssl", "-R", file("ca.pem"), uri + "/status");
            assertTrue(!none.contains("gateway gw-demo") && none.contains("alert bad certificate"), "no client certificate: refused in the handshake: " + none);
            String psk = coap("coap-client-openssl", "-u", "lifeline-admin", "-k", "a-guessed-key-0123456789", uri + "/status");
            assertTrue(!psk.contains("gateway gw-demo") && psk.contains("alert handshake failure"), "pre-shared keys are off: " + psk);
            String rogue = as("rogue", "-m", "post", uri + "/unblock?source=192.0.2.7");
            assertTrue(!rogue.contains("block") && rogue.contains("alert bad certificate"), "an ops-admin certificate from another CA: refused in the handshake: " + rogue);
            String stranger = as("stranger", uri + "/status");
            assertTrue(!stranger.contains("gateway gw-demo") && stranger.contains("alert access denied"), "the right CA but a CN without a role: refused in the handshake: " + stranger);

            assertTrue(as("nms-viewer", uri + "/status").contains("gateway gw-demo"), "a viewer's certificate reads status");
            String refused = as("nms-viewer", "-m", "post", uri + "/unblock?source=192.0.2.7");
            assertTrue(refused.contains("4.03") && refused.contains("admin role"), "a viewer may not act: " + refused);
            String acted = as("ops-admin", "-m", "post", uri + "/unblock?source=192.0.2.7");
            assertTrue(acted.contains("no block in force for source 192.0.2.7"), "an admin's certificate may: " + acted);

            // the CLI on the box: its certificate in the data dir, the gateway's pinned from run/
            Path secrets = gw.dataDir().resolve("secrets");
            Files.createDirectories(secrets, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.copy(dir.resolve("lifeline-cli.pem"), secrets.resolve("coap-client-cert.pem"));
            Files.copy(dir.resolve("lifeline-cli.key"), secrets.resolve("coap-client-key.pem"));
            Files.setPosixFilePermissions(secrets.resolve("coap-client-key.pem"), PosixFilePermissions.fromString("rw-r--r--"));
            GatewayProcess.Result exposed = GatewayProcess.run("status", "--data", gw.dataDir().toString());
            assertTrue(exposed.exitCode() != 0 && exposed.err().contains("readable by everyone"), "an exposed client key is refused: " + exposed.err());
            Files.setPosixFilePermissions(secrets.resolve("coap-client-key.pem"), PosixFilePermissions.fromString("rw-------"));
            GatewayProcess.Result cli = GatewayProcess.run("status", "--data", gw.dataDir().toString());
            assertEquals(0, cli.exitCode(), cli.out() + cli.err());
            assertTrue(cli.out().contains("gateway gw-demo"), "the CLI uses the data dir's client certificate\n" + cli.out() + cli.err());
            assertTrue(cli.out().contains("CoAP API certificate"), "status lists the API's certificate and its expiry\n" + cli.out());
            GatewayProcess.Result act = GatewayProcess.run("unblock", "192.0.2.7", "--data", gw.dataDir().toString());
            assertEquals(1, act.exitCode());
            assertTrue(act.err().contains("admin role") || act.out().contains("admin role"), "lifeline-cli is a viewer here: " + act.out() + act.err());
            // the CLI trusts only the certificate the gateway wrote: another one there, and it does not talk
            Files.copy(dir.resolve("ops-admin.pem"), gw.dataDir().resolve("run/coap-cert.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            GatewayProcess.Result pinned = GatewayProcess.run("status", "--data", gw.dataDir().toString());
            assertTrue(pinned.exitCode() != 0 && !pinned.out().contains("gateway gw-demo"), "a gateway certificate other than the pinned one: " + pinned.out() + pinned.err());
        }
    }

    @Test
    void preSharedKeysAndCertificatesOnOnePort() throws Exception {
        certificates();
        String cfg = "  coap-port: 5683\n"
                + "  coap-cert-file: \"" + dir.resolve("gw.pem") + "\"\n"
                + "  coap-key-file: \"" + dir.resolve("gw.key") + "\"\n"
                + "  coap-client-ca: \"" + dir.resolve("ca.pem") + "\"\n"
                + "  coap-client-roles: { ops-admin: admin }\n";
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s.replace("  coap-port: 5683\n", cfg))) {
            String uri = Files.readString(gw.dataDir().resolve("run/mgmt.uri")).trim();
            var creds = dev.lifeline.mgmt.MgmtCredentials.load(gw.dataDir().resolve(dev.lifeline.mgmt.MgmtCredentials.FILE));
            var viewer = creds.first(dev.lifeline.mgmt.MgmtCredentials.Role.VIEWER).orElseThrow();
            String read = coap("coap-client-openssl", "-u", viewer.identity(), "-k", viewer.key(), uri + "/status");
            assertTrue(read.contains("gateway gw-demo"), "the viewer's pre-shared key still reads: " + read);
            String acted = as("ops-admin", "-m", "post", uri + "/unblock?source=192.0.2.7");
            assertTrue(acted.contains("no block in force for source 192.0.2.7"), "and the admin's certificate acts: " + acted);
            String rogue = as("rogue", uri + "/status");
            assertTrue(!rogue.contains("gateway gw-demo") && rogue.contains("alert bad certificate"), "another CA's certificate is still refused: " + rogue);
        }
    }

    /** libcoap's client presenting {@code name}.pem, trusting the test CA for the gateway's certificate. */
    private String as(String name, String... rest) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("coap-client-openssl", "-c", file(name + ".pem"), "-j", file(name + ".key"),
                "-R", file("ca.pem")));
        cmd.addAll(List.of(rest));
        return coap(cmd.toArray(new String[0]));
    }

    private static String coap(String... args) throws Exception {
        Peers.require("/usr/bin/coap-client-openssl", "libcoap3-bin");
        List<String> cmd = new ArrayList<>(List.of(args));
        cmd.add(1, "-B");
        cmd.add(2, "3");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(15, TimeUnit.SECONDS), "coap-client finished");
        return new String(p.getInputStream().readAllBytes()).trim();
    }

    private String file(String name) { return dir.resolve(name).toString(); }

    /**
     * A client CA and another CA (EC P-256), the gateway's certificate for 127.0.0.1, and client
     * certificates: ops-admin, nms-viewer, lifeline-cli and stranger from the client CA, ops-admin
     * again ("rogue") from the other CA. Keys are PKCS#8, mode 0600.
     */
    private void certificates() throws Exception {
        Peers.require(Peers.OPENSSL, "openssl");
        ca("ca", "lifeline-test-mgmt-ca");
        ca("other-ca", "someone-else");
        Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        leaf("gw", "gw-demo", "ca", true);
        for (String cn : List.of("ops-admin", "nms-viewer", "lifeline-cli", "stranger")) leaf(cn, cn, "ca", false);
        leaf("rogue", "ops-admin", "other-ca", false);
    }

    private void ca(String name, String cn) throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                "-out", name + ".pem", "-days", "2", "-subj", "/CN=" + cn);
    }

    private void leaf(String name, String cn, String ca, boolean server) throws Exception {
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", "/CN=" + cn);
        List<String> sign = new ArrayList<>(List.of("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
                "-CAcreateserial", "-out", name + ".pem", "-days", "2"));
        if (server) sign.addAll(List.of("-extfile", "san.cnf"));
        openssl(sign.toArray(new String[0]));
        Files.setPosixFilePermissions(dir.resolve(name + ".key"), PosixFilePermissions.fromString("rw-------"));
    }

    private void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Peers.OPENSSL));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "openssl finished");
        assertEquals(0, p.exitValue(), () -> "openssl " + String.join(" ", args) + ": " + readLog());
    }

    private String readLog() {
        try {
            return Files.readString(dir.resolve("openssl.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
