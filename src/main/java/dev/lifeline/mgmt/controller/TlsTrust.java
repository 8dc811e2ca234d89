package dev.lifeline.mgmt.controller;

import dev.lifeline.util.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to an {@code ssl://} broker that trusts exactly the CAs of {@code controller.ca-file}
 * (PEM, one or more certificates), not the JVM's public CA list: an operator's broker usually
 * has a private CA, and a gateway should not trust every public CA for its control channel.
 */
final class TlsTrust {
    private TlsTrust() {}

    static SSLSocketFactory socketFactory(Path caPem) throws IOException { return socketFactory(caPem, null, null); }

    /**
     * As above, presenting the client certificate {@code certPem} with its PKCS#8 key
     * {@code keyPem} when the broker asks for one (both null: none). {@code caPem} null: the JVM's
     * default trust store.
     */
    static SSLSocketFactory socketFactory(Path caPem, Path certPem, Path keyPem) throws IOException {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caPem != null) {
                Collection<? extends Certificate> certs = Pem.certificates(caPem);
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (Certificate c : certs) ks.setCertificateEntry("ca" + i++, c);
                tmf.init(ks);
            } else {
                tmf.init((KeyStore) null);
            }
            javax.net.ssl.KeyManager[] keys = certPem == null ? null : Pem.keyManagers(certPem, keyPem);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS files (" + caPem + ", " + certPem + "): " + e.getMessage(), e);
        }
    }
}
