package dev.lifeline.mgmt;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;

/**
 * Scandium's DTLS 1.2 connector for the management API and its client, server or client role:
 * pre-shared keys (AES-GCM and AES-CCM suites, what libcoap's {@code coap-client-openssl} and
 * Scandium both offer), X.509 certificates (ECDHE with ECDSA or RSA certificates, AES-GCM; a
 * client certificate is required), or both on one port. PSKs go into Scandium's stores as the
 * ASCII bytes of the configured key.
 */
public final class DtlsServer {
    private DtlsServer() {}

    static final List<CipherSuite> PSK_SUITES = List.of(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);

    /**
     * The gateway's connector.
     *
     * @param psk   the pre-shared keys, or null: certificates only
     * @param certs the certificates, or null: pre-shared keys only (not both null)
     */
    static DTLSConnector connector(InetSocketAddress address, MgmtCredentials psk, MgmtCertificates certs, Configuration config) {
        List<CipherSuite> suites = new ArrayList<>();
        DtlsConnectorConfig.Builder b = DtlsConnectorConfig.builder(config)
                .setAddress(address)
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        if (certs != null) {
            suites.addAll(certificateSuites(certs.chain().get(0)));
            b.setCertificateIdentityProvider(new SingleCertificateProvider(certs.key(), certs.chain().toArray(new X509Certificate[0]),
                            CertificateType.X_509))
                    .setAdvancedCertificateVerifier(new ClientCertVerifier(certs))
                    .set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NEEDED);
        }
        if (psk != null) {
            AdvancedMultiPskStore store = new AdvancedMultiPskStore();
            for (MgmtCredentials.Entry e : psk.entries()) store.setKey(e.identity(), e.key().getBytes(StandardCharsets.US_ASCII));
            b.setAdvancedPskStore(store);
            suites.addAll(PSK_SUITES);
        }
        return new DTLSConnector(b.set(DtlsConfig.DTLS_CIPHER_SUITES, suites).build());
    }

    /** ECDHE suites for a certificate with {@code cert}'s key type (Scandium signs with it). */
    private static List<CipherSuite> certificateSuites(X509Certificate cert) {
        return "RSA".equals(cert.getPublicKey().getAlgorithm())
                ? List.of(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
                : List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
    }

    /** A client connector that proves {@code identity} to the gateway at {@code server} (the CLI on the box). */
    public static DTLSConnector client(MgmtCredentials.Entry identity, InetSocketAddress server) {
        Configuration config = CoapSetup.configuration();
        AdvancedMultiPskStore store = new AdvancedMultiPskStore();
        store.addKnownPeer(server, identity.identity(), identity.key().getBytes(StandardCharsets.US_ASCII));
        DtlsConnectorConfig.Builder b = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(0))
                .setAdvancedPskStore(store)
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                .set(DtlsConfig.DTLS_CIPHER_SUITES, PSK_SUITES);
        return new DTLSConnector(b.build());
    }

    /**
     * A client connector presenting a certificate ({@code chain}, {@code key}) and trusting exactly
     * {@code gateway}: the certificate the gateway wrote into its data dir (the CLI on the box
     * pins it, so the name it was issued for does not matter).
     */
    public static DTLSConnector client(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> gateway) {
        Configuration config = CoapSetup.configuration();
        List<CipherSuite> suites = new ArrayList<>(certificateSuites(gateway.get(0)));
        DtlsConnectorConfig.Builder b = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(0))
                .setCertificateIdentityProvider(new SingleCertificateProvider(key, chain.toArray(new X509Certificate[0]), CertificateType.X_509))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedCertificates(gateway.toArray(new X509Certificate[0]))
                        .setSupportedCertificateTypes(List.of(CertificateType.X_509)).build())
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                .set(DtlsConfig.DTLS_VERIFY_SERVER_CERTIFICATES_SUBJECT, false)
                .set(DtlsConfig.DTLS_CIPHER_SUITES, suites);
        return new DTLSConnector(b.build());
    }
}
