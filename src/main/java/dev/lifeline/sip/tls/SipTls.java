package dev.lifeline.sip.tls;

import dev.lifeline.config.SipTlsConfig;
import dev.lifeline.util.Pem;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.tinylog.Logger;

/**
 * SIP over TLS for one JAIN-SIP stack (RFC 3261 §26, RFC 5922): the gateway's certificate, TLS
 * 1.3/1.2 with forward-secret AEAD suites only, no client certificates asked of phones, and the
 * HQ servers it may connect to with the name each one's certificate must carry.
 *
 * <p>JAIN-SIP builds its TLS sockets through a {@code NetworkLayer} it instantiates by class
 * name, and its own one reads Java key stores with passwords; ours ({@link TlsNetworkLayer})
 * finds this object by the stack's name instead ({@link #register}), so the PEM files are read
 * once, here, by {@link Pem}.
 */
public final class SipTls {
    /** Protocols offered and accepted; TLS 1.1 and older are refused (RFC 8996). */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** ECDHE key exchange with AES-GCM or ChaCha20-Poly1305 (and TLS 1.3's own AEAD suites). */
    static final List<String> SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    /** A peer that opens a connection and never completes the handshake is dropped after this. */
    static final int HANDSHAKE_TIMEOUT_MS = 5_000;
    static final int CONNECT_TIMEOUT_MS = 4_000;
    private static final Map<String, SipTls> BY_STACK = new ConcurrentHashMap<>();

    /** An HQ server reached over TLS: the configured host (the name its certificate must carry) and port. */
    public record Server(String host, int port) {
        String name() { return host + ":" + port; }
    }

    /** The last TLS handshake with an HQ server: verified, or refused and why. */
    public record Outcome(String server, boolean verified, String detail, long atMillis) { }

    private final SipTlsConfig config;
    private final List<X509Certificate> chain;
    private final List<Server> servers;
    private final SSLContext context;
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();

    private SipTls(SipTlsConfig config, List<X509Certificate> chain, List<Server> servers, SSLContext context) {
        this.config = config;
        this.chain = chain;
        this.servers = servers;
        this.context = context;
    }

    /** Reads the certificate, key and CA files; a file that cannot be used stops the start with its reason. */
    public static SipTls load(SipTlsConfig config, List<Server> hqServers) throws IOException {
        List<X509Certificate> chain = Pem.certificates(Path.of(config.certFile()));
        var keys = Pem.keyManagers(Path.of(config.certFile()), Path.of(config.keyFile()));
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (config.caFile() != null) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (X509Certificate c : Pem.certificates(Path.of(config.caFile()))) ks.setCertificateEntry("ca" + i++, c);
                tmf.init(ks);
            } else {
                tmf.init((KeyStore) null);
            }
            X509TrustManager pkix = Arrays.stream(tmf.getTrustManagers()).filter(t -> t instanceof X509TrustManager)
                    .map(t -> (X509TrustManager) t).findFirst().orElseThrow();
            SSLContext ctx = SSLContext.getInstance("TLS");
            SipTls tls = new SipTls(config, List.copyOf(chain), List.copyOf(hqServers), ctx);
            ctx.init(keys, new TrustManager[] {new HqTrustManager(pkix, tls)}, null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IOException("SIP TLS (" + config.certFile() + ", " + config.caFile() + "): " + e.getMessage(), e);
        }
    }

    /** The stack properties that put JAIN-SIP's TLS on this object (call before creating the stack named {@code stackName}). */
    public void configure(Properties p, String stackName) {
        BY_STACK.put(stackName, this);
        p.setProperty("gov.nist.javax.sip.NETWORK_LAYER", TlsNetworkLayer.class.getName());
        p.setProperty("javax.sip.ROUTER_PATH", FlowRouter.class.getName());
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", String.join(",", PROTOCOLS));
        p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(",", supportedSuites()));
        // phones have no certificates; HQ is checked by the gateway as the client (HqTrustManager)
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
        p.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", String.valueOf(HANDSHAKE_TIMEOUT_MS));
        p.setProperty("gov.nist.javax.sip.SSL_RENEGOTIATION_ENABLED", "false"); // CVE-2011-1473
    }

    /** Forgets the stack (when it closes). */
    public static void unregister(String stackName) { BY_STACK.remove(stackName); }

    static SipTls of(String stackName) { return BY_STACK.get(stackName); }

    SSLContext context() { return context; }

    public int port() { return config.port(); }

    /** The gateway's own certificate (the first of the chain). */
    public X509Certificate certificate() { return chain.get(0); }

    private List<String> supportedSuites() {
        List<String> have = List.of(context.getSupportedSSLParameters().getCipherSuites());
        return SUITES.stream().filter(have::contains).toList();
    }

    /** The HQ server at {@code address}:{@code port}, by the configured hosts that resolve to it. */
    Optional<Server> serverAt(InetAddress address, int port) {
        for (Server s : servers) {
            if (s.port() != port) continue;
            try {
                for (InetAddress a : InetAddress.getAllByName(s.host())) if (a.equals(address)) return Optional.of(s);
            } catch (java.net.UnknownHostException e) {
                // not this one
            }
        }
        return Optional.empty();
    }

    /** Records a handshake's outcome; logs only when it differs from the previous one for that server. */
    void outcome(String server, boolean verified, String detail) {
        Outcome before = outcomes.put(server, new Outcome(server, verified, detail, System.currentTimeMillis()));
        if (before != null && before.verified() == verified && before.detail().equals(detail)) return;
        if (verified) Logger.info("sip tls: HQ {} verified ({})", server, detail);
        else Logger.warn("sip tls: refusing HQ {}: {}", server, detail);
    }

    /** For status: the listener, the certificate, and each HQ server's last handshake. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("port", config.port());
        m.put("certificate", certificate().getSubjectX500Principal().getName());
        m.put("notAfter", certificate().getNotAfter().toInstant().toString());
        m.put("protocols", List.of(PROTOCOLS));
        List<Map<String, Object>> hq = new ArrayList<>();
        for (Server s : servers) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("server", s.name());
            Outcome o = outcomes.get(s.name());
            e.put("state", o == null ? "not connected yet" : o.verified() ? "verified" : "refused");
            if (o != null) e.put("detail", o.detail());
            hq.add(e);
        }
        if (!hq.isEmpty()) m.put("hq", hq);
        return m;
    }

    public List<Outcome> outcomes() { return List.copyOf(outcomes.values()); }
}
