package dev.lifeline.config;

/**
 * The gateway's own SIP side: where it listens, the digest realm, REGISTER expiry bounds and
 * brute-force throttling (after {@code authFailures} failed attempts from one source within
 * {@code authWindowMs}, that source is refused for {@code authBlockMs}).
 *
 * @param realm          digest realm; default: the site id
 * @param minExpires     seconds; shorter REGISTER expiry gets 423 Interval Too Brief
 * @param maxExpires     seconds; longer expiry is cut down to this
 * @param defaultExpires seconds; used when a REGISTER names none
 * @param digestAlgorithms digest algorithms offered in challenges, in order (MD5, SHA-256): some
 *                       older phones reject a challenge list that contains one they do not know
 * @param overload       admission control in front of the SIP stack ({@code sip.overload})
 * @param srtp           SRTP on SIP legs ({@code sip.srtp}); a SIP user may override it
 * @param tls            SIP over TLS ({@code sip.tls}), or null: no TLS listener
 * @param codecs         codecs offered and accepted, and Opus settings ({@code sip.codecs}, {@code sip.opus})
 * @param fax            T.38 or G.711 pass-through for fax calls ({@code sip.fax})
 */
public record SipConfig(String listenHost, int udpPort, int tcpPort, String realm, int minExpires, int maxExpires,
                        int defaultExpires, int authFailures, long authWindowMs, long authBlockMs,
                        java.util.List<String> digestAlgorithms, OverloadConfig overload, SrtpPolicy srtp,
                        SipTlsConfig tls, CodecConfig codecs, FaxConfig fax) {
    public static final java.util.List<String> ALGORITHMS = java.util.List.of("MD5", "SHA-256");
    /** {@code optional}: SRTP whenever the peer offers or accepts SDES; phones that cannot ignore a=crypto in an RTP/AVP offer. */
    public static final SrtpPolicy DEFAULT_SRTP = SrtpPolicy.OPTIONAL;

    public SipConfig(String listenHost, int udpPort, int tcpPort, String realm, int minExpires, int maxExpires,
                     int defaultExpires, int authFailures, long authWindowMs, long authBlockMs,
                     java.util.List<String> digestAlgorithms, OverloadConfig overload, SrtpPolicy srtp,
                     SipTlsConfig tls, CodecConfig codecs) {
        this(listenHost, udpPort, tcpPort, realm, minExpires, maxExpires, defaultExpires, authFailures, authWindowMs,
                authBlockMs, digestAlgorithms, overload, srtp, tls, codecs, FaxConfig.DEFAULT);
    }

    public SipConfig(String listenHost, int udpPort, int tcpPort, String realm, int minExpires, int maxExpires,
                     int defaultExpires, int authFailures, long authWindowMs, long authBlockMs,
                     java.util.List<String> digestAlgorithms, OverloadConfig overload, SrtpPolicy srtp) {
        this(listenHost, udpPort, tcpPort, realm, minExpires, maxExpires, defaultExpires, authFailures, authWindowMs,
                authBlockMs, digestAlgorithms, overload, srtp, null);
    }

    public SipConfig(String listenHost, int udpPort, int tcpPort, String realm, int minExpires, int maxExpires,
                     int defaultExpires, int authFailures, long authWindowMs, long authBlockMs,
                     java.util.List<String> digestAlgorithms, OverloadConfig overload, SrtpPolicy srtp, SipTlsConfig tls) {
        this(listenHost, udpPort, tcpPort, realm, minExpires, maxExpires, defaultExpires, authFailures, authWindowMs,
                authBlockMs, digestAlgorithms, overload, srtp, tls, CodecConfig.DEFAULT);
    }

    /** The same settings with SIP over TLS ({@code tls} null: none). */
    public SipConfig withTls(SipTlsConfig tls) {
        return new SipConfig(listenHost, udpPort, tcpPort, realm, minExpires, maxExpires, defaultExpires, authFailures,
                authWindowMs, authBlockMs, digestAlgorithms, overload, srtp, tls, codecs, fax);
    }

    public SipConfig(String listenHost, int udpPort, int tcpPort, String realm, int minExpires, int maxExpires,
                     int defaultExpires, int authFailures, long authWindowMs, long authBlockMs,
                     java.util.List<String> digestAlgorithms, OverloadConfig overload) {
        this(listenHost, udpPort, tcpPort, realm, minExpires, maxExpires, defaultExpires, authFailures, authWindowMs,
                authBlockMs, digestAlgorithms, overload, DEFAULT_SRTP);
    }

    public SipConfig(String listenHost, int udpPort, int tcpPort, String realm, int minExpires, int maxExpires,
                     int defaultExpires, int authFailures, long authWindowMs, long authBlockMs,
                     java.util.List<String> digestAlgorithms) {
        this(listenHost, udpPort, tcpPort, realm, minExpires, maxExpires, defaultExpires, authFailures, authWindowMs,
                authBlockMs, digestAlgorithms, OverloadConfig.DEFAULTS);
    }

    public SipConfig(String listenHost, int udpPort, int tcpPort, String realm, int minExpires, int maxExpires,
                     int defaultExpires, int authFailures, long authWindowMs, long authBlockMs) {
        this(listenHost, udpPort, tcpPort, realm, minExpires, maxExpires, defaultExpires, authFailures, authWindowMs,
                authBlockMs, ALGORITHMS);
    }

    static SipConfig read(YamlNode node, String site) {
        Fields f = node == null ? null : node.fields("listen-host", "udp-port", "tcp-port", "realm", "min-expires",
                "max-expires", "default-expires", "auth-failures", "auth-window", "auth-block", "digest-algorithms", "overload", "srtp", "tls", "codecs", "opus", "red", "fax");
        if (f == null) return new SipConfig("0.0.0.0", 5060, 5060, site, 60, 3600, 3600, 5, 60_000, 300_000);
        SipConfig c = new SipConfig(
                f.string("listen-host", "0.0.0.0"),
                f.integer("udp-port", 5060, 1, 65535),
                f.integer("tcp-port", 5060, 1, 65535),
                f.string("realm", site),
                f.integer("min-expires", 60, 1, 86_400),
                f.integer("max-expires", 3600, 1, 86_400 * 7),
                f.integer("default-expires", 3600, 1, 86_400 * 7),
                f.integer("auth-failures", 5, 1, 1000),
                f.durationMs("auth-window", 60_000, 1_000, 86_400_000),
                f.durationMs("auth-block", 300_000, 1_000, 86_400_000),
                f.strings("digest-algorithms", ALGORITHMS).stream().map(a -> a.toUpperCase(java.util.Locale.ROOT)).toList(),
                OverloadConfig.read(f.get("overload").orElse(null)),
                srtp(f, DEFAULT_SRTP),
                f.get("tls").map(SipTlsConfig::read).orElse(null),
                CodecConfig.read(f),
                FaxConfig.read(f.get("fax").orElse(null)));
        if (c.digestAlgorithms.isEmpty() || !ALGORITHMS.containsAll(c.digestAlgorithms)) {
            node.problems().add(node.childPath("digest-algorithms"), "must list one or both of " + ALGORITHMS
                    + ", got " + c.digestAlgorithms);
        }
        if (c.minExpires > c.maxExpires) node.problems().add(node.childPath("min-expires"), "must not exceed max-expires (" + c.maxExpires + ")");
        else if (c.defaultExpires < c.minExpires || c.defaultExpires > c.maxExpires) {
            node.problems().add(node.childPath("default-expires"), "must be between min-expires and max-expires ("
                    + c.minExpires + "-" + c.maxExpires + ")");
        }
        return c;
    }

    /** The {@code srtp} key of a section ({@code off | optional | mandatory}), or {@code def}. */
    static SrtpPolicy srtp(Fields f, SrtpPolicy def) { return f.choice("srtp", def, SrtpPolicy.class); }
}
