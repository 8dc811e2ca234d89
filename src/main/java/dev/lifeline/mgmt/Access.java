package dev.lifeline.mgmt;

import dev.lifeline.mgmt.MgmtCredentials.Role;
import java.security.Principal;
import java.util.Optional;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;

/**
 * Who is asking, and may they. Over plain CoAP (the API on loopback only) every local user is an
 * admin, as before. Over DTLS the peer's PSK identity decides: {@code viewer} may read,
 * {@code admin} may also act; an identity not in {@link MgmtCredentials} cannot even finish the
 * handshake, so a missing identity here is a bug, answered 4.01.
 */
final class Access {
    private final MgmtCredentials credentials;

    /** @param credentials null: plain CoAP on loopback */
    Access(MgmtCredentials credentials) { this.credentials = credentials; }

    Optional<Role> roleOf(CoapExchange exchange) {
        if (credentials == null) return Optional.of(Role.ADMIN);
        Principal p = exchange.advanced().getRequest().getSourceContext().getPeerIdentity();
        if (p instanceof PreSharedKeyIdentity psk) return credentials.byIdentity(psk.getIdentity()).map(MgmtCredentials.Entry::role);
        return Optional.empty();
    }

    /** True when the peer has {@code needed} (or more); otherwise answers 4.01 / 4.03 and returns false. */
    boolean allow(CoapExchange exchange, Role needed) {
        Optional<Role> role = roleOf(exchange);
        if (role.isEmpty()) {
            exchange.respond(ResponseCode.UNAUTHORIZED, "no known identity");
            return false;
        }
        if (needed == Role.ADMIN && role.get() != Role.ADMIN) {
            exchange.respond(ResponseCode.FORBIDDEN, "this needs the admin role; " + role.get().name().toLowerCase() + " may only read");
            return false;
        }
        return true;
    }
}
