package dev.lifeline.mgmt;

import dev.lifeline.mgmt.MgmtCredentials.Role;
import java.security.Principal;
import java.util.Optional;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.X509CertPath;

/**
 * Who is asking, and may they. Over plain CoAP (the API on loopback only) every local user is an
 * admin, as before. Over DTLS the peer's PSK identity or its client certificate's subject CN
 * decides: {@code viewer} may read, {@code admin} may also act. An identity not in
 * {@link MgmtCredentials}, or a certificate whose CN has no role, cannot even finish the
 * handshake, so a missing role here is a bug, answered 4.01.
 */
final class Access {
    private final boolean secure;
    private final MgmtCredentials credentials;
    private final MgmtCertificates certificates;

    /** Plain CoAP on loopback: everyone local is an admin. */
    static Access plain() { return new Access(false, null, null); }

    /** Over DTLS; either may be null (that kind of credential is not accepted). */
    static Access dtls(MgmtCredentials credentials, MgmtCertificates certificates) { return new Access(true, credentials, certificates); }

    private Access(boolean secure, MgmtCredentials credentials, MgmtCertificates certificates) {
        this.secure = secure;
        this.credentials = credentials;
        this.certificates = certificates;
    }

    Optional<Role> roleOf(CoapExchange exchange) {
        if (!secure) return Optional.of(Role.ADMIN);
        Principal p = exchange.advanced().getRequest().getSourceContext().getPeerIdentity();
        if (p instanceof PreSharedKeyIdentity psk && credentials != null) {
            return credentials.byIdentity(psk.getIdentity()).map(MgmtCredentials.Entry::role);
        }
        if (p instanceof X509CertPath x509 && certificates != null) return certificates.roleOf(MgmtCertificates.commonName(x509.getTarget()));
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
