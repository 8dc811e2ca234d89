package dev.lifeline.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * SIP over TLS ({@code sip.tls}): the listener phones connect to, the gateway's certificate, and
 * the CAs it trusts when it connects to HQ servers with {@code transport: tls}. Off when the
 * section is absent. Explicit files rather than a certificate made up at first start: a phone
 * that verifies the gateway must be given the CA that signed it, so the operator decides where
 * the certificate comes from; a made-up self-signed one would only teach phones to skip
 * verification.
 *
 * @param port     TLS listener (5061 by default; 0 = ephemeral, tests)
 * @param certFile PEM certificate (chain) the gateway presents, to phones and to HQ
 * @param keyFile  its PKCS#8 private key, readable by the gateway's user only
 * @param caFile   PEM CAs that HQ's certificates must chain to, or null for the JVM's public CAs
 */
public record SipTlsConfig(int port, String certFile, String keyFile, String caFile) {
    public static final int DEFAULT_PORT = 5061;

    static SipTlsConfig read(YamlNode node) {
        Fields f = node.fields("port", "cert-file", "key-file", "ca-file");
        int port = f.integer("port", DEFAULT_PORT, 0, 65535);
        String cert = f.requiredString("cert-file");
        String key = f.requiredString("key-file");
        String ca = f.string("ca-file", null);
        if (cert != null && !Files.isReadable(Path.of(cert))) f.get("cert-file").get().error("cannot read certificate file " + cert);
        if (ca != null && !Files.isReadable(Path.of(ca))) f.get("ca-file").get().error("cannot read CA file " + ca);
        if (key != null) {
            if (!Files.isReadable(Path.of(key))) {
                f.get("key-file").get().error("cannot read key file " + key);
            } else {
                String exposed = Checks.exposedToOthers(Path.of(key));
                if (exposed != null) f.get("key-file").get().error("the private key " + key + " is " + exposed
                        + "; it must be readable by the gateway's user only (chmod 600)");
            }
        }
        return new SipTlsConfig(port, cert, key, ca);
    }
}
