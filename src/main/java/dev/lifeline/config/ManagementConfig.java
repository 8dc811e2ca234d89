package dev.lifeline.config;

/**
 * The local management interfaces: the CoAP API (loopback by default: exposing it on the LAN is a
 * deliberate choice) and, when configured, the web console ({@code management.http}).
 *
 * @param coapPort 0 = ephemeral (tests)
 * @param http     the web console, or null: off unless the site config asks for it
 */
public record ManagementConfig(String coapHost, int coapPort, HttpConsoleConfig http) {
    public static final ManagementConfig DEFAULTS = new ManagementConfig("127.0.0.1", 5683, null);

    /** Without a web console. */
    public ManagementConfig(String coapHost, int coapPort) { this(coapHost, coapPort, null); }

    static ManagementConfig read(YamlNode node) {
        if (node == null) return DEFAULTS;
        Fields f = node.fields("coap-host", "coap-port", "http");
        return new ManagementConfig(f.string("coap-host", DEFAULTS.coapHost()), f.integer("coap-port", DEFAULTS.coapPort(), 0, 65535),
                f.get("http").map(HttpConsoleConfig::read).orElse(null));
    }
}
