package dev.lifeline.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * The central controller's MQTT broker.
 *
 * @param url      e.g. {@code tcp://127.0.0.1:1883}; schemes tcp, ssl, ws, wss
 * @param username or null
 * @param password or null; never printed
 */
public record ControllerConfig(String url, String username, String password) {
    private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

    @Override
    public String toString() {
        return "ControllerConfig[url=" + url + ", username=" + username + ", password=" + (password == null ? "none" : "***") + "]";
    }

    /** Null when the section is absent: the gateway then runs without a controller. */
    static ControllerConfig read(YamlNode node) {
        if (node == null) return null;
        Fields f = node.fields("url", "username", "password");
        YamlNode urlNode = f.required("url");
        String url = urlNode == null ? null : urlNode.string();
        if (url != null) {
            try {
                URI u = new URI(url);
                if (u.getScheme() == null || !SCHEMES.contains(u.getScheme()) || u.getHost() == null) {
                    urlNode.error("expected a broker URL like tcp://host:1883 (schemes: tcp, ssl, ws, wss), got '" + url + "'");
                }
            } catch (URISyntaxException e) {
                urlNode.error("not a valid URL: " + e.getReason());
            }
        }
        String pw = f.get("password").map(YamlNode::text).orElse(null);
        return new ControllerConfig(url, f.string("username", null), pw);
    }
}
