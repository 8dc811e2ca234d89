package dev.lifeline.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Certificates for the CoAP management API over DTLS (issue #15), beside or instead of the
 * pre-shared keys: the gateway presents {@code certFile} (with its key), and takes a client only
 * with a certificate that {@code clientCa} issued and whose subject CN is one of
 * {@code clientRoles}. The CN → role list is in the site config because it is not a secret and
 * an operator (or the controller) manages it like the rest of the site; the private keys are files
 * readable by the gateway's user only.
 *
 * @param certFile    the gateway's PEM certificate (chain), EC (P-256/P-384) or RSA
 * @param keyFile     its PKCS#8 private key, readable by the gateway's user only
 * @param clientCa    PEM file with the CA certificate(s) that issue client certificates
 * @param clientRoles subject CN of an accepted client certificate → {@code admin} or {@code viewer}
 */
public record CoapCertConfig(String certFile, String keyFile, String clientCa, Map<String, String> clientRoles) {
    public CoapCertConfig {
        clientRoles = Map.copyOf(clientRoles);
    }

    static final Set<String> KEYS = Set.of("coap-cert-file", "coap-key-file", "coap-client-ca", "coap-client-roles");

    /** The certificate part of {@code management}, or null when none of its keys is there. */
    static CoapCertConfig read(Fields f) {
        if (KEYS.stream().allMatch(k -> f.get(k).isEmpty())) return null;
        String cert = f.requiredString("coap-cert-file");
        String key = f.requiredString("coap-key-file");
        String ca = f.requiredString("coap-client-ca");
        YamlNode rolesNode = f.required("coap-client-roles");
        Map<String, String> roles = new LinkedHashMap<>();
        if (rolesNode != null) {
            rolesNode.fields().all().forEach((cn, v) -> {
                String role = v.choice(Set.of("admin", "viewer"));
                if (role != null) roles.put(cn, role);
            });
            if (roles.isEmpty()) rolesNode.error("at least one client CN with its role (admin or viewer)");
        }
        readable(f, "coap-cert-file", cert);
        readable(f, "coap-client-ca", ca);
        if (readable(f, "coap-key-file", key)) {
            String exposed = Checks.exposedToOthers(Path.of(key));
            if (exposed != null) f.get("coap-key-file").get().error("the private key " + key + " is " + exposed
                    + "; it must be readable by the gateway's user only (chmod 600)");
        }
        return new CoapCertConfig(cert, key, ca, roles);
    }

    private static boolean readable(Fields f, String k, String file) {
        if (file == null) return false;
        if (Files.isReadable(Path.of(file))) return true;
        f.get(k).get().error("cannot read " + file);
        return false;
    }
}
