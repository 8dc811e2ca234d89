package dev.lifeline.sip.registrar;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether the digest {@code uri} of a request's credentials names the same resource as its
 * Request-URI (RFC 2617 §3.2.2.5 asks the server to check it, to stop a response captured for one
 * resource being replayed against another).
 *
 * <p>Clients do not always copy the Request-URI byte for byte: SIPp (without {@code -auth_uri})
 * sends {@code uri="sip:127.0.0.1:5060"} for a Request-URI {@code sip:127.0.0.1}; others add or
 * drop {@code ;transport=udp}. Kamailio accepts these, and so does this class: two URIs are
 * equivalent when they have the same scheme (sip/sips), the same user (case-sensitive), the same
 * host (case-insensitive) and the same port, where an omitted port means the scheme's default
 * (5060, 5061 for sips) or the port this registrar listens on (the request reached us, so a
 * port-less URI named us); URI parameters are ignored except {@code maddr} and {@code user},
 * which change where or who the request is for. A different host, user, port or scheme is
 * refused.
 */
public final class DigestUri {
    private DigestUri() { }

    /**
     * @param requestUri the Request-URI as received
     * @param digestUri  the {@code uri} parameter of the credentials
     * @param localPorts the ports this registrar listens on (an omitted port may mean one of them)
     */
    public static boolean equivalent(String requestUri, String digestUri, int... localPorts) {
        if (requestUri == null || digestUri == null) return false;
        if (requestUri.equals(digestUri)) return true;
        Parsed a = Parsed.of(requestUri);
        Parsed b = Parsed.of(digestUri);
        if (a == null || b == null) return false;
        if (!a.scheme.equals(b.scheme) || !a.user.equals(b.user) || !a.host.equals(b.host)) return false;
        if (!a.significant.equals(b.significant)) return false;
        return samePort(a, b, localPorts);
    }

    private static boolean samePort(Parsed a, Parsed b, int... localPorts) {
        int def = a.scheme.equals("sips") ? 5061 : 5060;
        int pa = a.port < 0 ? def : a.port;
        int pb = b.port < 0 ? def : b.port;
        if (pa == pb) return true;
        // one side omitted the port and the other names a port we listen on
        if (a.port < 0 && isLocal(b.port, localPorts)) return true;
        return b.port < 0 && isLocal(a.port, localPorts);
    }

    private static boolean isLocal(int port, int... localPorts) {
        for (int p : localPorts) if (p == port) return true;
        return false;
    }

    /** The parts of a sip/sips URI that matter here; null when it is not one. */
    private record Parsed(String scheme, String user, String host, int port, Map<String, String> significant) {
        static Parsed of(String uri) {
            String s = uri.strip();
            if (s.startsWith("<") && s.endsWith(">")) s = s.substring(1, s.length() - 1);
            int colon = s.indexOf(':');
            if (colon <= 0) return null;
            String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!scheme.equals("sip") && !scheme.equals("sips")) return null;
            String rest = s.substring(colon + 1);
            int q = rest.indexOf('?');
            if (q >= 0) rest = rest.substring(0, q); // headers do not change the resource
            int at = rest.lastIndexOf('@');
            String user = at >= 0 ? rest.substring(0, at) : "";
            String hostPart = at >= 0 ? rest.substring(at + 1) : rest;
            int semi = hostPart.indexOf(';');
            String params = semi >= 0 ? hostPart.substring(semi + 1) : "";
            String hostPort = semi >= 0 ? hostPart.substring(0, semi) : hostPart;
            // user parameters (;foo after the user) belong to the user part and are compared with it
            String host;
            int port = -1;
            if (hostPort.startsWith("[")) {
                int end = hostPort.indexOf(']');
                if (end < 0) return null;
                host = hostPort.substring(0, end + 1);
                String after = hostPort.substring(end + 1);
                if (after.startsWith(":")) port = port(after.substring(1));
                else if (!after.isEmpty()) return null;
            } else {
                int pc = hostPort.lastIndexOf(':');
                host = pc >= 0 ? hostPort.substring(0, pc) : hostPort;
                if (pc >= 0) port = port(hostPort.substring(pc + 1));
            }
            if (host.isEmpty() || port == -2) return null;
            Map<String, String> significant = new TreeMap<>();
            for (String p : params.split(";")) {
                if (p.isEmpty()) continue;
                int eq = p.indexOf('=');
                String name = (eq >= 0 ? p.substring(0, eq) : p).strip().toLowerCase(Locale.ROOT);
                String value = eq >= 0 ? p.substring(eq + 1).strip().toLowerCase(Locale.ROOT) : "";
                if (name.equals("maddr") || name.equals("user")) significant.put(name, value);
            }
            return new Parsed(scheme, user, host.toLowerCase(Locale.ROOT), port, significant);
        }

        private static int port(String s) {
            try {
                int p = Integer.parseInt(s);
                return p > 0 && p <= 65535 ? p : -2;
            } catch (NumberFormatException e) {
                return -2;
            }
        }
    }
}
