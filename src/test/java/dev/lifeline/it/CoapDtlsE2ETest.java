package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.mgmt.MgmtCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CoAP management API over DTLS with pre-shared keys and two roles (issue #15), asked by
 * libcoap's own client (OpenSSL) and by the {@code lifeline} CLI: without credentials, with a
 * wrong key, and as a viewer trying an admin action, the gateway refuses; with the right ones it
 * serves. The keys are created in the data dir, readable by the gateway's user only.
 */
@Tag("e2e")
class CoapDtlsE2ETest {
    private static String coap(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(args));
        cmd.add(1, "-B");
        cmd.add(2, "3");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(15, TimeUnit.SECONDS), "coap-client finished");
        return new String(p.getInputStream().readAllBytes()).trim();
    }

    @Test
    void onlyKnownIdentitiesGetInAndOnlyAdminsMayAct() throws Exception {
        try (TestGateway gw = TestGateway.start("demo.yaml", s -> s.replace("  coap-port: 5683", "  coap-port: 5683\n  coap-dtls: on"))) {
            String uri = Files.readString(gw.dataDir().resolve("run/mgmt.uri")).trim();
            assertTrue(uri.startsWith("coaps://127.0.0.1:"), uri);
            Path psk = gw.dataDir().resolve(MgmtCredentials.FILE);
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(psk)));
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(psk.getParent())));
            MgmtCredentials creds = MgmtCredentials.load(psk);
            var viewer = creds.first(MgmtCredentials.Role.VIEWER).orElseThrow();
            var admin = creds.first(MgmtCredentials.Role.ADMIN).orElseThrow();
            String port = uri.substring(uri.lastIndexOf(':') + 1);

            String plain = coap("coap-client-notls", "coap://127.0.0.1:" + port + "/status");
            assertFalse(plain.contains("gateway gw-demo"), "plain CoAP gets nothing: " + plain);
            String wrong = coap("coap-client-openssl", "-u", admin.identity(), "-k", "not-the-right-key-at-all", uri + "/status");
            assertFalse(wrong.contains("gateway gw-demo"), "a wrong key gets nothing: " + wrong);
            String stranger = coap("coap-client-openssl", "-u", "mallory", "-k", admin.key(), uri + "/status");
            assertFalse(stranger.contains("gateway gw-demo"), "an unknown identity gets nothing: " + stranger);

            assertTrue(coap("coap-client-openssl", "-u", viewer.identity(), "-k", viewer.key(), uri + "/status").contains("gateway gw-demo"),
                    "a viewer reads status");
            String refused = coap("coap-client-openssl", "-u", viewer.identity(), "-k", viewer.key(), "-m", "post", uri + "/unblock?source=192.0.2.7");
            assertTrue(refused.contains("4.03") && refused.contains("admin role"), "a viewer may not act: " + refused);
            String acted = coap("coap-client-openssl", "-u", admin.identity(), "-k", admin.key(), "-m", "post", uri + "/unblock?source=192.0.2.7");
            assertTrue(acted.contains("no block in force for source 192.0.2.7"), "an admin may: " + acted);

            GatewayProcess.Result cli = GatewayProcess.run("status", "--data", gw.dataDir().toString());
            assertEquals(0, cli.exitCode(), cli.err());
            assertTrue(cli.out().contains("gateway gw-demo"), "the CLI uses the data dir's admin key\n" + cli.out() + cli.err());
            GatewayProcess.Result asViewer = GatewayProcess.run("unblock", "192.0.2.7", "--data", gw.dataDir().toString(), "--as", "viewer");
            assertEquals(1, asViewer.exitCode());
            assertTrue(asViewer.out().contains("admin role"), asViewer.out() + asViewer.err());
        }
    }
}
