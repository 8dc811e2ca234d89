package dev.lifeline.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.sip.FreePorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the gateway's TLS listener accepts, asked by an independent client ({@code openssl
 * s_client}): TLS 1.3 and 1.2 with ECDHE and an AEAD suite, verifying against the test CA; a
 * client offering only TLS 1.1 gets the protocol_version alert, one offering only a CBC suite
 * a handshake_failure; a client that trusts another CA refuses the gateway's certificate (the
 * gateway presents exactly the chain it was configured with). Each refusal is checked against
 * the same client succeeding with the allowed setting, so a client that cannot even try does not
 * pass for a refusal.
 */
@Tag("e2e")
class SipTlsRefusalE2ETest {
    @TempDir
    Path tmp;

    @Test
    void onlyModernTlsFromAClientThatTrustsTheSiteCa() throws Exception {
        TestCa ca = TestCa.create(tmp.resolve("ca"), "Lifeline Test CA");
        TestCa other = TestCa.create(tmp.resolve("other"), "Some Other CA");
        TestCa.Identity id = ca.issue("gateway", List.of("IP:127.0.0.1", "DNS:localhost"));
        int port = FreePorts.udpAndTcp();
        try (TestGateway gw = TestGateway.start("demo.yaml", SipTlsE2ETest.withTls(id, port))) {
            String tls13 = sClient(port, ca.cert());
            assertTrue(tls13.contains("Verification: OK") && tls13.contains("Protocol version: TLSv1.3"), tls13);

            String tls12 = sClient(port, ca.cert(), "-tls1_2");
            assertTrue(tls12.contains("Verification: OK") && tls12.matches("(?s).*Ciphersuite: ECDHE-ECDSA-(AES\\d+-GCM|CHACHA20).*"), tls12);

            String tls11 = sClient(port, ca.cert(), "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
            assertTrue(tls11.contains("alert protocol version"), "TLS 1.1 refused by the gateway:\n" + tls11);

            String cbc = sClient(port, ca.cert(), "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA");
            assertTrue(cbc.contains("alert handshake failure"), "a CBC-only client refused:\n" + cbc);

            String wrongCa = sClient(port, other.cert());
            assertTrue(wrongCa.contains("certificate verify failed") || wrongCa.contains("unable to get local issuer"), wrongCa);
            assertFalse(wrongCa.contains("Verification: OK"), wrongCa);

            // RFC 5626 §3.5.1 keep-alive on the connection a phone registered on: a double CRLF ping gets a CRLF pong
            // (JAIN-SIP answers it only once a SIP message has come over the connection: a phone registers first)
            try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) dev.lifeline.bench.TlsBench.client(ca.cert()).createSocket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2_000);
                s.setSoTimeout(3_000);
                String local = "127.0.0.1:" + s.getLocalPort();
                s.getOutputStream().write(("REGISTER sip:127.0.0.1:" + port + ";transport=tls SIP/2.0\r\n"
                        + "Via: SIP/2.0/TLS " + local + ";branch=z9hG4bKka" + System.nanoTime() + ";rport\r\nMax-Forwards: 70\r\n"
                        + "From: <sip:7000@127.0.0.1>;tag=ka\r\nTo: <sip:7000@127.0.0.1>\r\nCall-ID: ka" + System.nanoTime() + "\r\n"
                        + "CSeq: 1 REGISTER\r\nContact: <sip:7000@" + local + ";transport=tls>\r\nContent-Length: 0\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) head.append((char) s.getInputStream().read());
                assertTrue(head.toString().startsWith("SIP/2.0 401"), "REGISTER over TLS challenged: " + head);
                s.getOutputStream().write("\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                byte[] pong = s.getInputStream().readNBytes(2);
                org.junit.jupiter.api.Assertions.assertEquals("\r\n", new String(pong, java.nio.charset.StandardCharsets.US_ASCII),
                        "CRLF pong to a CRLF CRLF ping over TLS");
            }

            // JAIN-SIP counted every failed handshake against MAX_CONNECTIONS (512) for good; after 600
            // connections that never handshake (a port scan), the listener must still serve
            for (int i = 0; i < 600; i++) {
                try (java.net.Socket s = new java.net.Socket()) {
                    s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2_000);
                    s.setSoLinger(true, 0);
                } catch (java.io.IOException e) {
                    org.junit.jupiter.api.Assertions.fail("the TLS listener stopped accepting after " + i + " connections: " + e);
                }
            }
            Thread.sleep(1500);
            String after = sClient(port, ca.cert());
            assertTrue(after.contains("Verification: OK"), "TLS served after 600 connections without a handshake:\n" + after);
        }
    }

    /** openssl s_client against 127.0.0.1:{@code port}, verifying with {@code ca}; its whole output. */
    static String sClient(int port, Path ca, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Peers.OPENSSL, "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", ca.toString(), "-verify_return_error", "-brief"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        return out;
    }
}
