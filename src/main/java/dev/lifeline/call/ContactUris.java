package dev.lifeline.call;

import java.util.Locale;

/**
 * Whether a Request-URI names a registered contact: the comparison of RFC 3261 §19.1.4 reduced to
 * what tells two phones apart — scheme, user, host (case-insensitive), port (5060 when absent) and
 * transport (udp when absent); other parameters and headers are ignored. Kept small on purpose:
 * HQ sends back the contact it stored, so the URIs are normally equal as text anyway.
 */
final class ContactUris {
    private ContactUris() {}

    static boolean same(String a, String b) {
        Parts x = Parts.of(a);
        Parts y = Parts.of(b);
        return x != null && x.equals(y);
    }

    private record Parts(String scheme, String user, String host, int port, String transport) {
        static Parts of(String uri) {
            if (uri == null) return null;
            String u = uri.strip();
            if (u.startsWith("<")) u = u.substring(1, u.indexOf('>') < 0 ? u.length() : u.indexOf('>'));
            int colon = u.indexOf(':');
            if (colon < 0) return null;
            String scheme = u.substring(0, colon).toLowerCase(Locale.ROOT);
            String rest = u.substring(colon + 1);
            int q = rest.indexOf('?');
            if (q >= 0) rest = rest.substring(0, q);
            String params = "";
            int semi = rest.indexOf(';');
            if (semi >= 0) {
                params = rest.substring(semi + 1).toLowerCase(Locale.ROOT);
                rest = rest.substring(0, semi);
            }
            int at = rest.lastIndexOf('@');
            String user = at < 0 ? null : rest.substring(0, at);
            String hostPort = at < 0 ? rest : rest.substring(at + 1);
            String host = hostPort;
            int port = scheme.equals("sips") ? 5061 : 5060;
            int pc = hostPort.lastIndexOf(':');
            if (pc > hostPort.lastIndexOf(']')) {
                host = hostPort.substring(0, pc);
                try {
                    port = Integer.parseInt(hostPort.substring(pc + 1));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            String transport = "udp";
            for (String p : params.split(";")) {
                if (p.startsWith("transport=")) transport = p.substring("transport=".length());
            }
            return new Parts(scheme, user, host.toLowerCase(Locale.ROOT), port, transport);
        }
    }
}
