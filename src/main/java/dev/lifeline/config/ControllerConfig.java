package dev.lifeline.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The central controller's MQTT broker and how the gateway talks to it (DESIGN §9).
 *
 * @param url         e.g. {@code tcp://127.0.0.1:1883}; schemes tcp, ssl, ws, wss
 * @param username    or null
 * @param password    or null; never printed
 * @param caFile      PEM file of the CA(s) that sign the broker's certificate (ssl/wss), or null
 *                    to use the JVM's default trust store
 * @param keepaliveMs MQTT keep-alive; a dead link is noticed after about 1.5 times this
 * @param cdrBatch    CDRs per {@code cdr} message, 1–500
 * @param keepConfigs how many pushed config versions the gateway keeps in its database
 * @param reconnectMaxMs longest wait between two connection attempts (they back off from 1 s, with jitter)
 * @param certFile    PEM client certificate (chain) to present to an ssl/wss broker that asks for one, or null
 * @param keyFile     its PEM private key (PKCS#8, unencrypted), readable by the gateway's user only, or null
 */
public record ControllerConfig(String url, String username, String password, String caFile, long keepaliveMs,
                               int cdrBatch, int keepConfigs, long reconnectMaxMs, String certFile, String keyFile) {

    public ControllerConfig(String url, String username, String password, String caFile, long keepaliveMs,
                            int cdrBatch, int keepConfigs, long reconnectMaxMs) {
        this(url, username, password, caFile, keepaliveMs, cdrBatch, keepConfigs, reconnectMaxMs, null, null);
    }
    private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");
    public static final long DEFAULT_KEEPALIVE_MS = 30_000;
    public static final int DEFAULT_CDR_BATCH = 500;
    public static final int DEFAULT_KEEP_CONFIGS = 5;
    public static final long DEFAULT_RECONNECT_MAX_MS = 30_000;

    /** A controller with default keep-alive, batch size and history. */
    public ControllerConfig(String url, String username, String password) {
        this(url, username, password, null, DEFAULT_KEEPALIVE_MS, DEFAULT_CDR_BATCH, DEFAULT_KEEP_CONFIGS,
                DEFAULT_RECONNECT_MAX_MS);
    }

    /** True for {@code ssl://} and {@code wss://} brokers. */
    public boolean tls() { return url != null && (url.startsWith("ssl:") || url.startsWith("wss:")); }

    @Override
    public String toString() {
        return "ControllerConfig[url=" + url + ", username=" + username + ", password=" + (password == null ? "none" : "***")
                + ", caFile=" + caFile + ", keepaliveMs=" + keepaliveMs + ", cdrBatch=" + cdrBatch
                + ", keepConfigs=" + keepConfigs + ", reconnectMaxMs=" + reconnectMaxMs + ", certFile=" + certFile + "]";
    }

    /** Null when the section is absent: the gateway then runs without a controller. */
    static ControllerConfig read(YamlNode node) {
        if (node == null) return null;
        Fields f = node.fields("url", "username", "password", "ca-file", "keepalive", "cdr-batch", "keep-configs",
                "reconnect-max", "cert-file", "key-file");
        YamlNode urlNode = f.required("url");
        String url = urlNode == null ? null : urlNode.string();
        String scheme = null;
        if (url != null) {
            try {
                URI u = new URI(url);
                scheme = u.getScheme();
                if (scheme == null || !SCHEMES.contains(scheme) || u.getHost() == null) {
                    urlNode.error("expected a broker URL like tcp://host:1883 (schemes: tcp, ssl, ws, wss), got '" + url + "'");
                }
            } catch (URISyntaxException e) {
                urlNode.error("not a valid URL: " + e.getReason());
            }
        }
        String pw = f.get("password").map(YamlNode::text).orElse(null);
        String ca = f.get("ca-file").map(YamlNode::string).orElse(null);
        if (ca != null) {
            YamlNode caNode = f.get("ca-file").get();
            if (scheme != null && !scheme.equals("ssl") && !scheme.equals("wss")) {
                caNode.error("a CA file only applies to ssl:// or wss:// brokers, the url is " + scheme + "://");
            } else if (!Files.isReadable(Path.of(ca))) {
                caNode.error("cannot read CA file " + ca);
            }
        }
        String cert = f.get("cert-file").map(YamlNode::string).orElse(null);
        String key = f.get("key-file").map(YamlNode::string).orElse(null);
        if ((cert == null) != (key == null)) {
            (cert == null ? f.get("key-file").get() : f.get("cert-file").get())
                    .error("a client certificate needs both cert-file and key-file");
        } else if (cert != null) {
            YamlNode certNode = f.get("cert-file").get();
            YamlNode keyNode = f.get("key-file").get();
            if (scheme != null && !scheme.equals("ssl") && !scheme.equals("wss")) {
                certNode.error("a client certificate only applies to ssl:// or wss:// brokers, the url is " + scheme + "://");
            } else if (!Files.isReadable(Path.of(cert))) {
                certNode.error("cannot read certificate file " + cert);
            } else if (!Files.isReadable(Path.of(key))) {
                keyNode.error("cannot read key file " + key);
            } else {
                String exposed = Checks.exposedToOthers(Path.of(key));
                if (exposed != null) keyNode.error("the private key " + key + " is " + exposed + "; it must be readable by the gateway's user only (chmod 600)");
            }
        }
        long keepalive = f.durationMs("keepalive", DEFAULT_KEEPALIVE_MS, 5_000, 3_600_000);
        int batch = f.integer("cdr-batch", DEFAULT_CDR_BATCH, 1, 500);
        int keep = f.integer("keep-configs", DEFAULT_KEEP_CONFIGS, 1, 100);
        long reconnectMax = f.durationMs("reconnect-max", DEFAULT_RECONNECT_MAX_MS, 1_000, 600_000);
        return new ControllerConfig(url, f.string("username", null), pw, ca, keepalive, batch, keep, reconnectMax, cert, key);
    }
}
