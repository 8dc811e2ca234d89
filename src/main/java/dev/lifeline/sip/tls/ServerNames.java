package dev.lifeline.sip.tls;

import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/**
 * RFC 5922 §7.1 server identity for SIP over TLS: the host the gateway was configured to reach
 * must appear in the server certificate's subjectAltName — as a DNS name, as a {@code sip:} URI
 * whose host part is it, or (for a server configured by IP address) as an IP address. The
 * Common Name counts only when the certificate has no such subjectAltName at all. No wildcards
 * (RFC 5922 §7.2: a wildcard must not match). Why not the JDK's endpoint identification: its
 * "HTTPS" rules accept wildcards and ignore SIP URIs.
 */
public final class ServerNames {
    private static final int URI = 6, DNS = 2, IP = 7;

    private ServerNames() {}

    /** True when {@code cert} identifies {@code host} (a DNS name or an IP literal). */
    public static boolean matches(X509Certificate cert, String host) {
        String want = host.toLowerCase(Locale.ROOT);
        boolean ip = isIpLiteral(host);
        List<String> names = names(cert);
        for (String n : names) {
            if (ip && n.startsWith("ip:") && sameAddress(n.substring(3), host)) return true;
            if (!ip && n.equals("dns:" + want)) return true;
            if (!ip && n.startsWith("uri:") && want.equals(sipUriHost(n.substring(4)))) return true;
        }
        if (names.isEmpty() && !ip) return want.equalsIgnoreCase(commonName(cert));
        return false;
    }

    /** The identities the certificate carries, for a refusal message: {@code dns:x}, {@code ip:x}, {@code uri:x}, or {@code cn:x}. */
    public static List<String> names(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            var sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    String v = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
                    if (type == DNS) out.add("dns:" + v);
                    else if (type == IP) out.add("ip:" + v);
                    else if (type == URI) out.add("uri:" + v);
                }
            }
        } catch (CertificateParsingException e) {
            // an unreadable extension identifies nothing
        }
        return out;
    }

    /** For messages: the subjectAltNames, or the CN when there are none. */
    public static String describe(X509Certificate cert) {
        List<String> n = names(cert);
        return n.isEmpty() ? "cn:" + commonName(cert) : String.join(", ", n);
    }

    private static String sipUriHost(String uri) {
        if (!uri.startsWith("sip:") && !uri.startsWith("sips:")) return null;
        String rest = uri.substring(uri.indexOf(':') + 1);
        int at = rest.indexOf('@');
        if (at >= 0) return null; // RFC 5922 §7.1: a URI with a user part identifies a user, not a domain
        int end = rest.length();
        for (char c : new char[] {':', ';', '?', '>'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) end = i;
        }
        return rest.substring(0, end);
    }

    static String commonName(X509Certificate cert) {
        String dn = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
        for (String part : dn.split("(?<!\\\\),")) {
            if (part.regionMatches(true, 0, "CN=", 0, 3)) return part.substring(3);
        }
        return "";
    }

    static boolean isIpLiteral(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":");
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b)); // literals only: no lookup
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
