package dev.lifeline.mgmt;

import java.net.InetSocketAddress;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.tinylog.Logger;

/**
 * The local management API over CoAP on loopback/LAN: {@code /status}, {@code /calls}, {@code /registrations},
 * {@code /cdr?limit=N}, and {@code POST /unblock?source=IP[&user=EXT]}. The {@code lifeline} command-line client is its main user.
 */
public final class ManagementServer implements AutoCloseable {
    private final CoapServer server;
    private final CoapEndpoint endpoint;

    public ManagementServer(String host, int port, StatusSource source, OperatorActions actions) {
        var config = CoapSetup.configuration();
        server = new CoapServer(config);
        endpoint = new CoapEndpoint.Builder()
                .setInetSocketAddress(new InetSocketAddress(host, port))
                .setConfiguration(config)
                .build();
        server.addEndpoint(endpoint);
        server.add(new ViewResource("status", q -> source.status(), TextViews::status));
        server.add(new ViewResource("calls", q -> source.calls(), TextViews::calls));
        server.add(new ViewResource("registrations", q -> source.registrations(), TextViews::registrations));
        server.add(new ViewResource("cdr", q -> source.recentCdrs(ViewResource.intParam(q, "limit", 20, 1000)),
                TextViews::cdrs));
        server.add(new UnblockResource(actions));
    }

    public void start() {
        server.start();
        Logger.info("management API on coap://{}", uriAuthority());
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
