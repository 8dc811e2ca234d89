package dev.lifeline.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The TR-069 (CWMP) agent: the operator's ACS (auto-configuration server) it reports to, and
 * the connection-request server the ACS uses to ask for a session. Off when the section is absent.
 *
 * @param acsUrl                 {@code http://} or {@code https://} URL of the ACS
 * @param username               the gateway's user name at the ACS (basic or digest), or null
 * @param password               its password, or null; never printed
 * @param periodicInformMs       how often the gateway reports (Inform {@code 2 PERIODIC}), 30s–7d
 * @param connectionRequest      where the gateway listens for connection requests, with the
 *                               credentials the ACS must present (HTTP digest)
 * @param caFile                 PEM file of the CA(s) that sign the ACS's certificate (https), or null
 *                               to use the JVM's trust store
 */
public record Tr069Config(String acsUrl, String username, String password, long periodicInformMs,
                          ConnectionRequest connectionRequest, String caFile) {
    public static final long DEFAULT_PERIODIC_INFORM_MS = 3_600_000L;
    public static final String DEFAULT_CR_HOST = "0.0.0.0";
    public static final int DEFAULT_CR_PORT = 7547;

    /**
     * The connection-request server (TR-069 §3.2.2).
     *
     * @param host     address to listen on; also the host in the URL reported to the ACS unless it is a wildcard
     * @param port     0 = ephemeral (tests)
     * @param username what the ACS must present (digest), required
     * @param password likewise, required; never printed
     */
    public record ConnectionRequest(String host, int port, String username, String password) {
        @Override
        public String toString() {
            return "ConnectionRequest[host=" + host + ", port=" + port + ", username=" + username + ", password=***]";
        }
    }

    @Override
    public String toString() {
        return "Tr069Config[acsUrl=" + acsUrl + ", username=" + username + ", password=" + (password == null ? "none" : "***")
                + ", periodicInformMs=" + periodicInformMs + ", connectionRequest=" + connectionRequest + ", caFile=" + caFile + "]";
    }

    /** Null when the section is absent: no CWMP agent. */
    static Tr069Config read(YamlNode node) {
        if (node == null) return null;
        Fields f = node.fields("acs-url", "username", "password", "periodic-inform-interval", "connection-request", "ca-file");
        YamlNode urlNode = f.required("acs-url");
        String url = urlNode == null ? null : urlNode.string();
        String scheme = null;
        if (url != null) {
            try {
                URI u = new URI(url);
                scheme = u.getScheme();
                if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                    urlNode.error("expected an ACS URL like https://acs.example.net:7547/ (schemes: http, https), got '" + url + "'");
                    scheme = null;
                }
            } catch (URISyntaxException e) {
                urlNode.error("not a valid URL: " + e.getReason());
            }
        }
        String user = f.string("username", null);
        String pw = f.get("password").map(YamlNode::text).orElse(null);
        if (pw != null && user == null) f.get("password").get().error("a password needs a username");
        long periodic = f.durationMs("periodic-inform-interval", DEFAULT_PERIODIC_INFORM_MS, 30_000, 7 * 24 * 3_600_000L);
        String ca = f.get("ca-file").map(YamlNode::string).orElse(null);
        if (ca != null) {
            YamlNode caNode = f.get("ca-file").get();
            if ("http".equals(scheme)) caNode.error("a CA file only applies to an https:// ACS, the url is http://");
            else if (!Files.isReadable(Path.of(ca))) caNode.error("cannot read CA file " + ca);
        }
        YamlNode crNode = f.required("connection-request");
        ConnectionRequest cr = crNode == null ? null : connectionRequest(crNode);
        return new Tr069Config(url, user, pw, periodic, cr, ca);
    }

    private static ConnectionRequest connectionRequest(YamlNode node) {
        Fields f = node.fields("host", "port", "username", "password");
        String host = f.string("host", DEFAULT_CR_HOST);
        int port = f.integer("port", DEFAULT_CR_PORT, 0, 65535);
        String user = f.requiredString("username");
        YamlNode pwNode = f.required("password");
        String pw = pwNode == null ? null : pwNode.text();
        if (pw != null && pw.length() < 8) {
            pwNode.error("must be at least 8 characters (anyone who knows it can make the gateway call its ACS)");
        }
        return new ConnectionRequest(host, port, user, pw);
    }
}
