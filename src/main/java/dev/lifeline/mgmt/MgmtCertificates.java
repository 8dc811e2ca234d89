package dev.lifeline.mgmt;

import dev.lifeline.config.CoapCertConfig;
import dev.lifeline.mgmt.MgmtCredentials.Role;
import dev.lifeline.util.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The certificate side of the CoAP management API over DTLS (issue #15): the gateway's own
 * certificate and key, the CA(s) whose client certificates it accepts, and which client subject
 * CN has which role. Pre-shared keys ({@link MgmtCredentials}) are the other side; both may be
 * accepted on the same port. {@code toString} names files and CNs, never the key.
 */
public final class MgmtCertificates {
    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final List<X509Certificate> clientCas;
    private final Map<String, Role> roles;
    private final String source;

    private MgmtCertificates(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> clientCas,
                             Map<String, Role> roles, String source) {
        this.chain = List.copyOf(chain);
        this.key = key;
        this.clientCas = List.copyOf(clientCas);
        this.roles = Map.copyOf(roles);
        this.source = source;
    }

    /** Reads the PEM files the site config names (already checked there: readable, key not exposed). */
    public static MgmtCertificates load(CoapCertConfig c) throws IOException {
        Map<String, Role> roles = new LinkedHashMap<>();
        c.clientRoles().forEach((cn, r) -> roles.put(cn, "admin".equals(r) ? Role.ADMIN : Role.VIEWER));
        return new MgmtCertificates(Pem.certificates(Path.of(c.certFile())), Pem.privateKey(Path.of(c.keyFile())),
                Pem.certificates(Path.of(c.clientCa())), roles, c.certFile());
    }

    List<X509Certificate> chain() { return chain; }

    PrivateKey key() { return key; }

    List<X509Certificate> clientCas() { return clientCas; }

    /** The role of a client whose (CA-verified) certificate has subject CN {@code cn}. */
    Optional<Role> roleOf(String cn) { return Optional.ofNullable(cn == null ? null : roles.get(cn)); }

    /** The subject CN of {@code cert}, or null when it has none. */
    static String commonName(X509Certificate cert) {
        try {
            String cn = null;
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) cn = rdn.getValue().toString();
            }
            return cn;
        } catch (InvalidNameException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return source + " (" + commonName(chain.get(0)) + "), clients of " + commonName(clientCas.get(0)) + ": " + roles.size() + " CN";
    }
}
