package dev.lifeline.mgmt;

import java.net.InetSocketAddress;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.tinylog.Logger;

/**
 * The local management API over CoAP on loopback, or CoAP over DTLS with pre-shared keys
 * ({@link MgmtCredentials}) and/or certificates ({@link MgmtCertificates}) and two roles (viewer,
 * admin) — required when it listens beyond loopback: {@code /status}, {@code /calls}, {@code /registrations},
 * {@code /cdr?limit=N}, and {@code POST /unblock?source=IP[&user=EXT]}. The {@code lifeline} command-line client is its main user.
 */
public final class ManagementServer implements AutoCloseable {
    private final CoapServer server;
    private final CoapEndpoint endpoint;

    private final boolean secure;
    private final String how;

    /** Plain CoAP (loopback). */
    public ManagementServer(String host, int port, StatusSource source, OperatorActions actions) {
        this(host, port, source, actions, null);
    }

    /** Over DTLS with pre-shared keys only; {@code dtls} null = plain CoAP. */
    public ManagementServer(String host, int port, StatusSource source, OperatorActions actions, MgmtCredentials dtls) {
        this(host, port, source, actions, dtls, null);
    }

    /**
     * @param psk   the pre-shared key identities over DTLS, or null
     * @param certs the certificates over DTLS, or null; both null = plain CoAP
     */
    public ManagementServer(String host, int port, StatusSource source, OperatorActions actions, MgmtCredentials psk,
                            MgmtCertificates certs) {
        var config = CoapSetup.configuration();
        server = new CoapServer(config);
        InetSocketAddress address = new InetSocketAddress(host, port);
        CoapEndpoint.Builder b = new CoapEndpoint.Builder().setConfiguration(config);
        secure = psk != null || certs != null;
        if (!secure) b.setInetSocketAddress(address);
        else b.setConnector(DtlsServer.connector(address, psk, certs, config));
        endpoint = b.build();
        server.addEndpoint(endpoint);
        how = !secure ? "" : psk != null && certs != null ? " (DTLS: pre-shared keys and certificates, " + certs + ")"
                : psk != null ? " (DTLS, pre-shared keys)" : " (DTLS, certificates only, " + certs + ")";
        Access access = secure ? Access.dtls(psk, certs) : Access.plain();
        server.add(new ViewResource("status", q -> source.status(), TextViews::status, access));
        server.add(new ViewResource("calls", q -> source.calls(), TextViews::calls, access));
        server.add(new ViewResource("registrations", q -> source.registrations(), TextViews::registrations, access));
        server.add(new ViewResource("cdr", q -> source.recentCdrs(ViewResource.intParam(q, "limit", 20, 1000)),
                TextViews::cdrs, access));
        server.add(new UnblockResource(actions, access));
    }

    /** {@code coap} or {@code coaps}. */
    public String scheme() { return secure ? "coaps" : "coap"; }

    public void start() {
        server.start();
        Logger.info("management API on {}://{}{}", scheme(), uriAuthority(), how);
    }

    /** host:port actually bound. */
    public String uriAuthority() {
        InetSocketAddress a = endpoint.getAddress();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    public int port() { return endpoint.getAddress().getPort(); }

    @Override
    public void close() {
        server.stop();
        server.destroy();
    }
}
