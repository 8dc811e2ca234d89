package dev.lifeline.sip.tls;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a phone that registered over TLS is reached: down the connection it registered on
 * (RFC 5626's flow, RFC 5923's reuse), not by a new connection to its Contact. A phone behind
 * NAT or a firewall can only be reached that way, and it never has to present a certificate.
 * The registrar's bindings answer (the app wires {@link Table}); {@link FlowRouter} asks.
 */
public final class Flows {
    private static final Map<String, Table> BY_STACK = new ConcurrentHashMap<>();

    private Flows() {}

    /** The registered flows of one stack. */
    @FunctionalInterface
    public interface Table {
        /**
         * The "ip:port" a TLS binding of {@code aor} whose contact is at {@code host}:{@code port}
         * registered from, if there is one.
         */
        Optional<String> received(String aor, String host, int port);
    }

    /** The port a URI names, or its transport's default (5061 for sips: and transport=tls, else 5060). */
    public static int portOf(javax.sip.address.SipURI uri) {
        if (uri.getPort() > 0) return uri.getPort();
        return uri.isSecure() || "tls".equalsIgnoreCase(uri.getTransportParam()) ? 5061 : 5060;
    }

    public static void register(String stackName, Table table) { BY_STACK.put(stackName, table); }

    public static void unregister(String stackName) { BY_STACK.remove(stackName); }

    static Table of(String stackName) { return BY_STACK.get(stackName); }
}
