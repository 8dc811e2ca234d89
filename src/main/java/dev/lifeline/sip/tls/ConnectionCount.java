package dev.lifeline.sip.tls;

import gov.nist.javax.sip.stack.ConnectionOrientedMessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import org.tinylog.Logger;

/**
 * The TLS listening socket JAIN-SIP accepts on, keeping its connection count true.
 *
 * <p>Why: JAIN-SIP 1.3.0-91's TLS processor counts accepted connections against
 * {@code MAX_CONNECTIONS} and waits when the count is reached, but its TLS channel does not
 * count down a connection whose handshake fails (its TCP channel does). Every client that
 * connects and does not finish a handshake — a port scan, a TLS 1.1 phone, a client that
 * distrusts our certificate — used up a slot for good, and after 512 of them the TLS listener
 * accepted nothing ever again. This wrapper remembers the sockets it handed out and, on every
 * accept and once a second, sets the processor's count to the number still open (and wakes its
 * accept loop). The field is JAIN-SIP's own ({@code nConnections}), reached by reflection like
 * {@code BoundedUdpProcessorFactory}'s {@code udpFlag}.
 */
final class ConnectionCount extends SSLServerSocket {
    private static final java.lang.reflect.Field COUNT = field();
    private final SSLServerSocket real;
    private final SIPTransactionStack stack;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread reaper;
    private volatile boolean warned;

    ConnectionCount(SSLServerSocket real, SIPTransactionStack stack) throws IOException {
        this.real = real;
        this.stack = stack;
        this.reaper = Thread.ofVirtual().name("sip-tls-count").start(() -> {
            while (!real.isClosed()) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
                recount();
            }
        });
    }

    private static java.lang.reflect.Field field() {
        try {
            java.lang.reflect.Field f = ConnectionOrientedMessageProcessor.class.getDeclaredField("nConnections");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this JAIN-SIP has no nConnections to keep true: " + e, e);
        }
    }

    @Override
    public Socket accept() throws IOException {
        Socket s = real.accept();
        // JSSE writes a handshake flight as several records; with Nagle each waits for the peer's
        // delayed ACK (a Java client's handshake took 25 ms instead of 3)
        s.setTcpNoDelay(true);
        open.add(s);
        recount();
        return s;
    }

    /** Forgets closed sockets and tells the processor how many are open. */
    void recount() {
        open.removeIf(Socket::isClosed);
        ConnectionOrientedMessageProcessor p = processor();
        if (p == null) return;
        synchronized (p) {
            try {
                COUNT.setInt(p, open.size());
            } catch (IllegalAccessException e) {
                if (!warned) Logger.warn("sip tls: cannot correct the connection count: {}", e.toString());
                warned = true;
            }
            p.notifyAll();
        }
    }

    int openConnections() { return open.size(); }

    private ConnectionOrientedMessageProcessor processor() {
        try {
            java.lang.reflect.Method m = SIPTransactionStack.class.getDeclaredMethod("getMessageProcessors");
            m.setAccessible(true);
            for (MessageProcessor mp : (MessageProcessor[]) m.invoke(stack)) {
                if (mp instanceof gov.nist.javax.sip.stack.TLSMessageProcessor t && t.getPort() == real.getLocalPort()) return t;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!warned) Logger.warn("sip tls: cannot find the TLS processor: {}", e.toString());
            warned = true;
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        reaper.interrupt();
        real.close();
    }

    @Override public boolean isClosed() { return real.isClosed(); }
    @Override public boolean isBound() { return real.isBound(); }
    @Override public void bind(SocketAddress endpoint, int backlog) throws IOException { real.bind(endpoint, backlog); }
    @Override public InetAddress getInetAddress() { return real.getInetAddress(); }
    @Override public int getLocalPort() { return real.getLocalPort(); }
    @Override public SocketAddress getLocalSocketAddress() { return real.getLocalSocketAddress(); }
    @Override public void setSoTimeout(int timeout) throws SocketException { real.setSoTimeout(timeout); }
    @Override public int getSoTimeout() throws IOException { return real.getSoTimeout(); }
    @Override public void setReuseAddress(boolean on) throws SocketException { real.setReuseAddress(on); }
    @Override public boolean getReuseAddress() throws SocketException { return real.getReuseAddress(); }
    @Override public void setReceiveBufferSize(int size) throws SocketException { real.setReceiveBufferSize(size); }
    @Override public int getReceiveBufferSize() throws SocketException { return real.getReceiveBufferSize(); }
    @Override public String toString() { return real.toString(); }
    @Override public String[] getEnabledCipherSuites() { return real.getEnabledCipherSuites(); }
    @Override public void setEnabledCipherSuites(String[] suites) { real.setEnabledCipherSuites(suites); }
    @Override public String[] getSupportedCipherSuites() { return real.getSupportedCipherSuites(); }
    @Override public String[] getSupportedProtocols() { return real.getSupportedProtocols(); }
    @Override public String[] getEnabledProtocols() { return real.getEnabledProtocols(); }
    @Override public void setEnabledProtocols(String[] protocols) { real.setEnabledProtocols(protocols); }
    @Override public void setNeedClientAuth(boolean need) { real.setNeedClientAuth(need); }
    @Override public boolean getNeedClientAuth() { return real.getNeedClientAuth(); }
    @Override public void setWantClientAuth(boolean want) { real.setWantClientAuth(want); }
    @Override public boolean getWantClientAuth() { return real.getWantClientAuth(); }
    @Override public void setUseClientMode(boolean mode) { real.setUseClientMode(mode); }
    @Override public boolean getUseClientMode() { return real.getUseClientMode(); }
    @Override public void setEnableSessionCreation(boolean flag) { real.setEnableSessionCreation(flag); }
    @Override public boolean getEnableSessionCreation() { return real.getEnableSessionCreation(); }
    @Override public SSLParameters getSSLParameters() { return real.getSSLParameters(); }
    @Override public void setSSLParameters(SSLParameters params) { real.setSSLParameters(params); }
}
