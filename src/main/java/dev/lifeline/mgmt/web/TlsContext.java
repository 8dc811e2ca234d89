package dev.lifeline.mgmt.web;

import dev.lifeline.util.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;

/**
 * The console's HTTPS: the site's PEM certificate and PKCS#8 key in an in-memory key store; TLS
 * 1.2 and 1.3 only (the JDK's defaults otherwise: its suites are the modern ones).
 */
final class TlsContext {
    private TlsContext() {}

    static SSLContext server(Path certPem, Path keyPem) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(Pem.keyManagers(certPem, keyPem), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("web console TLS (" + certPem + "): " + e.getMessage(), e);
        }
    }

    /** Serves with {@code ctx}, TLS 1.3 and 1.2 only. */
    static com.sun.net.httpserver.HttpsConfigurator configurator(SSLContext ctx) {
        return new com.sun.net.httpserver.HttpsConfigurator(ctx) {
            @Override
            public void configure(com.sun.net.httpserver.HttpsParameters params) {
                javax.net.ssl.SSLParameters p = ctx.getDefaultSSLParameters();
                p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                params.setSSLParameters(p);
            }
        };
    }
}
