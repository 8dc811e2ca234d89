package dev.lifeline.mgmt.cwmp;

import dev.lifeline.config.Tr069Config;
import dev.lifeline.util.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to an https ACS that trusts exactly the CAs of {@code tr069.ca-file} (an operator's ACS
 * usually has a private CA), or the JVM's trust store without one. The host name is checked by
 * the HTTP client.
 */
final class AcsTls {
    private AcsTls() {}

    /** Null for http, or https with the JVM's default trust. */
    static SSLContext context(Tr069Config tr) throws IOException {
        if (tr.caFile() == null || !tr.acsUrl().startsWith("https:")) return null;
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : Pem.certificates(Path.of(tr.caFile()))) ks.setCertificateEntry("ca" + i++, c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("tr069.ca-file " + tr.caFile() + ": " + e.getMessage(), e);
        }
    }
}
