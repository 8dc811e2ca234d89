package dev.lifeline.sip.tls;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * JAIN-SIP's {@code NETWORK_LAYER} (instantiated by the stack, by class name): plain sockets as
 * JAIN-SIP's default layer makes them, TLS sockets from the stack's {@link SipTls}. A connection
 * to an HQ server names it by SNI (a server hosting several domains picks the right certificate).
 * JAIN-SIP sets the enabled protocols and suites on every TLS socket itself, from the stack
 * properties {@link SipTls#configure} wrote. The listening socket keeps JAIN-SIP's connection
 * count true ({@link ConnectionCount}).
 */
public final class TlsNetworkLayer implements NetworkLayer {
    private final NetworkLayer plain = DefaultNetworkLayer.SINGLETON;
    private SipTls tls;
    private SipStackImpl stack;

    public TlsNetworkLayer() { }

    @Override
    public void setSipStack(SipStackImpl stack) {
        this.stack = stack;
        tls = SipTls.of(stack.getStackName());
        if (tls == null) throw new IllegalStateException("no SIP TLS settings registered for stack " + stack.getStackName());
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bind) throws IOException {
        var real = (SSLServerSocket) tls.context().getServerSocketFactory().createServerSocket(port, backlog, bind);
        return new ConnectionCount(real, stack); // JAIN-SIP miscounts failed handshakes (see there)
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return createSSLSocket(address, port, null);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress local) throws IOException {
        SSLSocket s = (SSLSocket) tls.context().getSocketFactory().createSocket();
        var server = tls.serverAt(address, port);
        if (server.isPresent() && !ServerNames.isIpLiteral(server.get().host())) {
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(server.get().host())));
            s.setSSLParameters(p);
        }
        if (local != null) s.bind(new InetSocketAddress(local, 0));
        s.setTcpNoDelay(true); // see ConnectionCount.accept
        try {
            s.connect(new InetSocketAddress(address, port), SipTls.CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bind) throws IOException {
        return plain.createServerSocket(port, backlog, bind);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException { return plain.createSocket(address, port); }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local) throws IOException {
        return plain.createSocket(address, port, local);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) throws IOException {
        return plain.createSocket(address, port, local, localPort);
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException { return plain.createDatagramSocket(); }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress local) throws SocketException {
        return plain.createDatagramSocket(port, local);
    }
}
