package dev.lifeline.config;

/**
 * The local management API (CoAP). Loopback by default: exposing it on the LAN is a
 * deliberate choice.
 *
 * @param coapPort 0 = ephemeral (tests)
 */
public record ManagementConfig(String coapHost, int coapPort) {
    public static final ManagementConfig DEFAULTS = new ManagementConfig("127.0.0.1", 5683);

    static ManagementConfig read(YamlNode node) {
        if (node == null) return DEFAULTS;
        Fields f = node.fields("coap-host", "coap-port");
        return new ManagementConfig(f.string("coap-host", DEFAULTS.coapHost()), f.integer("coap-port", DEFAULTS.coapPort(), 0, 65535));
    }
}
