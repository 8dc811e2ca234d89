package dev.lifeline.config;

/**
 * The local management interfaces: the CoAP API (loopback by default: exposing it on the LAN is a
 * deliberate choice) and, when configured, the web console ({@code management.http}).
 *
 * @param coapPort 0 = ephemeral (tests)
 * @param http     the web console, or null: off unless the site config asks for it
 * @param coapDtls {@code auto}: CoAP over DTLS when {@code coapHost} is not a loopback address,
 *                 plain CoAP on loopback; {@code on}: DTLS always
 * @param coapCert the DTLS certificates (gateway's, client CA, CN → role), or null: PSK only
 * @param coapPsk  whether the pre-shared keys of {@code DATA/secrets/coap-psk} are accepted over
 *                 DTLS; may be false only when {@code coapCert} is set (certificates only)
 */
public record ManagementConfig(String coapHost, int coapPort, HttpConsoleConfig http, String coapDtls,
                               CoapCertConfig coapCert, boolean coapPsk) {
    public static final ManagementConfig DEFAULTS = new ManagementConfig("127.0.0.1", 5683, null, "auto", null, true);

    /** Without a web console. */
    public ManagementConfig(String coapHost, int coapPort) { this(coapHost, coapPort, null, "auto", null, true); }

    public ManagementConfig(String coapHost, int coapPort, HttpConsoleConfig http) { this(coapHost, coapPort, http, "auto", null, true); }

    /**
     * Whether the API must be CoAP over DTLS: always beyond loopback (anyone on the LAN could
     * otherwise act on the box), and whenever certificates are configured (asking for them means asking for DTLS).
     */
    public boolean dtls() {
        if ("on".equals(coapDtls) || coapCert != null) return true;
        try {
            return !java.net.InetAddress.getByName(coapHost).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return true;
        }
    }

    static ManagementConfig read(YamlNode node) {
        if (node == null) return DEFAULTS;
        Fields f = node.fields("coap-host", "coap-port", "http", "coap-dtls", "coap-psk",
                "coap-cert-file", "coap-key-file", "coap-client-ca", "coap-client-roles");
        CoapCertConfig cert = CoapCertConfig.read(f);
        boolean psk = f.bool("coap-psk", true);
        if (!psk && cert == null) f.get("coap-psk").get().error("turning the pre-shared keys off needs certificates (coap-cert-file, coap-client-ca, ...)");
        return new ManagementConfig(f.string("coap-host", DEFAULTS.coapHost()), f.integer("coap-port", DEFAULTS.coapPort(), 0, 65535),
                f.get("http").map(HttpConsoleConfig::read).orElse(null), f.choice("coap-dtls", "auto", java.util.Set.of("auto", "on")),
                cert, psk);
    }
}
