package dev.lifeline.mgmt;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;

/**
 * Scandium's DTLS 1.2 connector for the management API and its client: PSK only, AES-GCM and
 * AES-CCM suites (what libcoap's {@code coap-client-openssl} and Scandium both offer), server or
 * client role. Keys go into Scandium's stores as the ASCII bytes of the configured key.
 */
public final class DtlsServer {
    private DtlsServer() {}

    static final List<CipherSuite> SUITES = List.of(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);

    static DTLSConnector connector(InetSocketAddress address, MgmtCredentials credentials, Configuration config) {
        AdvancedMultiPskStore store = new AdvancedMultiPskStore();
        for (MgmtCredentials.Entry e : credentials.entries()) store.setKey(e.identity(), e.key().getBytes(StandardCharsets.US_ASCII));
        DtlsConnectorConfig.Builder b = DtlsConnectorConfig.builder(config)
                .setAddress(address)
                .setAdvancedPskStore(store)
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                .set(DtlsConfig.DTLS_CIPHER_SUITES, SUITES);
        return new DTLSConnector(b.build());
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
                .set(DtlsConfig.DTLS_CIPHER_SUITES, SUITES);
        return new DTLSConnector(b.build());
    }
}
