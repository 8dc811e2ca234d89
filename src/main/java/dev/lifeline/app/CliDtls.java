package dev.lifeline.app;

import dev.lifeline.mgmt.DtlsServer;
import dev.lifeline.mgmt.MgmtCredentials;
import dev.lifeline.util.Pem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.californium.scandium.DTLSConnector;

/**
 * Which DTLS credentials the CLI on the box shows the gateway, all found in the data dir (only the
 * gateway's user can read {@code secrets/}): a client certificate
 * ({@code secrets/coap-client-cert.pem} and {@code secrets/coap-client-key.pem}; its role is what the
 * site config gives its CN) when there is one, otherwise the admin pre-shared key of
 * {@code secrets/coap-psk}. {@code --as admin|viewer} picks a pre-shared key identity by role,
 * {@code --as cert} insists on the certificate. With a certificate the CLI trusts exactly the
 * certificate the gateway wrote to {@code run/coap-cert.pem} at start. A client key others can
 * read is refused, like the gateway's own keys.
 */
final class CliDtls {
    static final String CLIENT_CERT = "secrets/coap-client-cert.pem";
    static final String CLIENT_KEY = "secrets/coap-client-key.pem";
    static final String GATEWAY_CERT = "run/coap-cert.pem";

    private CliDtls() {}

    /** Why a key file is exposed, or null when only its owner may read it (or the file system cannot say). */
    private static String exposed(Path key) throws IOException {
        try {
            var perms = Files.getPosixFilePermissions(key);
            if (perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) return "readable by everyone";
            if (perms.contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ)) return "readable by its group";
            return null;
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    static DTLSConnector connector(Path data, String as, InetSocketAddress server) throws IOException {
        Path cert = data.resolve(CLIENT_CERT), key = data.resolve(CLIENT_KEY), pinned = data.resolve(GATEWAY_CERT);
        boolean haveCert = Files.exists(cert) && Files.exists(key) && Files.exists(pinned);
        if ("cert".equals(as) || (as == null && haveCert)) {
            if (!haveCert) {
                throw new IOException("--as cert needs " + cert + ", " + key + " and " + pinned
                        + " (the gateway writes the last when it has management.coap-cert-file)");
            }
            if (!Files.isReadable(key)) throw new IOException(key + " cannot be read (run as the gateway's user, with --data DIR)");
            String exposed = exposed(key);
            if (exposed != null) throw new IOException(key + " is " + exposed + "; a private key must be readable by its owner only (chmod 600)");
            return DtlsServer.client(Pem.certificates(cert), Pem.privateKey(key), Pem.certificates(pinned));
        }
        Path file = data.resolve(MgmtCredentials.FILE);
        if (!Files.isReadable(file)) {
            throw new IOException("the gateway's API needs DTLS credentials and " + file + " cannot be read "
                    + "(run as the gateway's user, with --data DIR; or put a client certificate in " + cert + ")");
        }
        var role = "viewer".equals(as) ? MgmtCredentials.Role.VIEWER : MgmtCredentials.Role.ADMIN;
        var entry = MgmtCredentials.load(file).first(role)
                .orElseThrow(() -> new IOException(file + " has no " + role.name().toLowerCase() + " identity"));
        return DtlsServer.client(entry, server);
    }
}
