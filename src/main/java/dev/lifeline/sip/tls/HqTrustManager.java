package dev.lifeline.sip.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Who the gateway accepts at the other end of a TLS connection it opens: only a configured HQ
 * server, whose chain verifies against {@code sip.tls.ca-file} (else the JVM's CAs) and whose
 * certificate names the host it was configured as (RFC 5922, {@link ServerNames}). Phones are
 * never dialled over new TLS connections (they are reached on the connection they registered
 * on, {@link FlowRouter}), so a connection to anyone else is refused rather than trusted.
 * Phones are not asked for certificates, so the client-side checks refuse everything.
 */
final class HqTrustManager extends X509ExtendedTrustManager {
    private final X509TrustManager pkix;
    private final SipTls tls;

    HqTrustManager(X509TrustManager pkix, SipTls tls) {
        this.pkix = pkix;
        this.tls = tls;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        String peer = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        var server = tls.serverAt(socket.getInetAddress(), socket.getPort());
        if (server.isEmpty()) {
            throw new CertificateException("TLS to " + peer + " refused: not a configured HQ server");
        }
        String name = server.get().name();
        try {
            pkix.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            tls.outcome(name, false, "certificate of " + chain[0].getSubjectX500Principal().getName()
                    + " does not chain to a trusted CA (" + e.getMessage() + ")");
            throw e;
        }
        if (!ServerNames.matches(chain[0], server.get().host())) {
            String why = "certificate names " + ServerNames.describe(chain[0]) + ", not " + server.get().host() + " (RFC 5922)";
            tls.outcome(name, false, why);
            throw new CertificateException("HQ " + name + ": " + why);
        }
        tls.outcome(name, true, "certificate " + ServerNames.describe(chain[0]) + ", valid until "
                + chain[0].getNotAfter().toInstant());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("TLS engines are not used for SIP");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the peer of a SIP TLS connection must be known (socket)");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("client certificates are not asked for");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("client certificates are not asked for");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not asked for");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() { return pkix.getAcceptedIssuers(); }
}
