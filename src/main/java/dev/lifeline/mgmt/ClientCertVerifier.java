package dev.lifeline.mgmt;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.CertificateMessage;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.CertificateVerificationResult;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.x509.CertificateConfigurationHelper;
import org.eclipse.californium.scandium.dtls.x509.ConfigurationHelperSetup;
import org.eclipse.californium.scandium.dtls.x509.NewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.util.ServerNames;
import org.tinylog.Logger;

/**
 * Checks a management client's certificate in the handshake: Scandium's own path validation
 * against the client CA(s), then the subject CN must be one the site config gives a role. A
 * certificate the CA issued for something else (a phone, another site's tool) is thus refused
 * before any request, with the alert {@code access_denied}, instead of reaching the API without a role.
 */
final class ClientCertVerifier implements NewAdvancedCertificateVerifier, ConfigurationHelperSetup {
    private final StaticNewAdvancedCertificateVerifier ca;
    private final MgmtCertificates certificates;

    ClientCertVerifier(MgmtCertificates certificates) {
        this.certificates = certificates;
        this.ca = (StaticNewAdvancedCertificateVerifier) StaticNewAdvancedCertificateVerifier.builder()
                .setTrustedCertificates(certificates.clientCas().toArray(new X509Certificate[0]))
                .setSupportedCertificateTypes(List.of(CertificateType.X_509))
                .build();
    }

    @Override
    public List<CertificateType> getSupportedCertificateTypes() { return ca.getSupportedCertificateTypes(); }

    @Override
    public CertificateVerificationResult verifyCertificate(ConnectionId cid, ServerNames serverName, InetSocketAddress remotePeer,
                                                           boolean clientUsage, boolean verifySubject, boolean truncateCertificatePath,
                                                           CertificateMessage message) {
        CertificateVerificationResult r = ca.verifyCertificate(cid, serverName, remotePeer, clientUsage, verifySubject,
                truncateCertificatePath, message);
        if (r == null || r.getException() != null || r.getCertificatePath() == null) return r;
        var certs = r.getCertificatePath().getCertificates();
        String cn = certs.isEmpty() ? null : MgmtCertificates.commonName((X509Certificate) certs.get(0));
        if (certificates.roleOf(cn).isPresent()) return r;
        // only a holder of a certificate from the client CA gets this far: rare, and worth a line
        Logger.warn("management API: refused client certificate CN '{}' from {}: not in management.coap-client-roles", cn,
                remotePeer == null ? "?" : remotePeer.getAddress().getHostAddress());
        AlertMessage alert = new AlertMessage(AlertMessage.AlertLevel.FATAL, AlertMessage.AlertDescription.ACCESS_DENIED);
        return new CertificateVerificationResult(cid, new HandshakeException("client certificate CN '" + cn + "' has no role", alert), null);
    }

    @Override
    public List<X500Principal> getAcceptedIssuers() { return ca.getAcceptedIssuers(); }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) { ca.setResultHandler(resultHandler); }

    @Override
    public void setupConfigurationHelper(CertificateConfigurationHelper helper) { ca.setupConfigurationHelper(helper); }
}
