package dev.lifeline.config;

/**
 * The local management interfaces: the CoAP API (loopback by default: exposing it on the LAN is a
 * deliberate choice) and, when configured, the web console ({@code management.http}).
 *
 * @param coapPort 0 = ephemeral (tests)
 * @param http     the web console, or null: off unless the site config asks for it
 * @param coapDtls {@code auto}: CoAP over DTLS with pre-shared keys when {@code coapHost} is not a
 *                 loopback address, plain CoAP on loopback; {@code on}: DTLS always
 */
public record ManagementConfig(String coapHost, int coapPort, HttpConsoleConfig http, String coapDtls) {
    public static final ManagementConfig DEFAULTS = new ManagementConfig("127.0.0.1", 5683, null, "auto");

    /** Without a web console. */
    public ManagementConfig(String coapHost, int coapPort) { this(coapHost, coapPort, null, "auto"); }

    public ManagementConfig(String coapHost, int coapPort, HttpConsoleConfig http) { this(coapHost, coapPort, http, "auto"); }

    /** Whether the API must be CoAP over DTLS: always beyond loopback (anyone on the LAN could otherwise act on the box). */
    public boolean dtls() {
        if ("on".equals(coapDtls)) return true;
        try {
            return !java.net.InetAddress.getByName(coapHost).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return true;
        }
    }

    static ManagementConfig read(YamlNode node) {
        if (node == null) return DEFAULTS;
        Fields f = node.fields("coap-host", "coap-port", "http", "coap-dtls");
        return new ManagementConfig(f.string("coap-host", DEFAULTS.coapHost()), f.integer("coap-port", DEFAULTS.coapPort(), 0, 65535),
                f.get("http").map(HttpConsoleConfig::read).orElse(null), f.choice("coap-dtls", "auto", java.util.Set.of("auto", "on")));
    }
}
