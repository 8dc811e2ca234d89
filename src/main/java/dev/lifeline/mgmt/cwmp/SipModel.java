package dev.lifeline.mgmt.cwmp;

import dev.lifeline.config.LineConfig;
import dev.lifeline.config.SipUser;
import dev.lifeline.config.UpstreamConfig;
import dev.lifeline.mgmt.controller.GatewayControl.PortState;
import java.util.List;
import java.util.Map;

/**
 * {@code VoiceService.1.SIP.}: the gateway's own registrar with the branch's SIP phones as its
 * accounts, and the gateway's own user agents toward HQ as {@code SIP.Client.{i}.} — the FXS lines
 * that have an HQ identity ({@code lines.<port>.upstream}) register at HQ each as itself, so each
 * such line is one client, numbered as its line — with HQ ({@code upstream:}) as
 * {@code SIP.Network.1.}. Account instance numbers are stable ({@link AgentState#accountInstances}).
 */
final class SipModel {
    private static final String S = "xsd:string", U = "xsd:unsignedInt", B = "xsd:boolean";

    private SipModel() {}

    static void build(ParameterTree t, ModelInputs in, String vs, List<PortState> fxs) {
        t.object(vs + "SIP.", false);
        registrar(t, in, vs);
        clients(t, in, vs, fxs);
    }

    private static void registrar(ParameterTree t, ModelInputs in, String vs) {
        String realm = in.site().sip().realm();
        List<SipUser> users = in.site().users();
        t.add(Param.ro(vs + "SIP.RegistrarNumberOfEntries", U, 1));
        t.object(vs + "SIP.Registrar.", true); // one registrar, the gateway's own: AddObject 9004, DeleteObject 9001
        String r = vs + "SIP.Registrar.1.";
        t.object(r, true);
        t.add(Param.fixed(r + "Enable", B, true));
        t.add(Param.ro(r + "Status", S, "Up"));
        t.add(Param.rw(r + "RegistrarPort", U, in.site().sip().udpPort(), "sip", (y, v) -> {
            long port = Long.parseLong(v.strip());
            if (port < 1 || port > 65535) return "a port is 1-65535";
            Map<String, Object> sip = YamlTree.map(y, "sip");
            sip.put("udp-port", (int) port);
            sip.put("tcp-port", (int) port);
            return null;
        }));
        t.add(Param.ro(r + "AccountNumberOfEntries", U, users.size() + in.pendingAccounts().size()));
        String accounts = r + "Account.";
        t.object(accounts, true);
        Map<String, Integer> instances = VoiceModel.accountInstances(in);
        for (int i = 0; i < users.size(); i++) {
            SipUser u = users.get(i);
            int index = i;
            int instance = instances.get(u.extension());
            String o = accounts + instance + ".";
            boolean registered = DeviceModel.contacts(in, u) > 0;
            t.object(o, true);
            t.add(Param.fixed(o + "Enable", S, "Enable"));
            t.add(Param.ro(o + "Status", S, "Up"));
            t.add(Param.rw(o + "AuthUserName", S, u.authUser(), "users[" + i + "]", (y, v) -> {
                VoiceModel.user(y, index).put("auth-user", v);
                return null;
            }));
            t.add(Param.rw(o + "AuthPassword", S, "", "users[" + i + "]", (y, v) -> {
                Map<String, Object> m = VoiceModel.user(y, index);
                m.remove("ha1-md5");
                m.remove("ha1-sha256");
                m.put("password", v);
                return null;
            }));
            t.add(Param.ro(o + "RegistrationStatus", S, registered ? "Registered" : "Unregistered"));
            t.add(Param.rw(o + "URI", S, "sip:" + u.extension() + "@" + realm, "users[" + i + "].extension",
                    VoiceModel.userNumber(index, u.extension(), v -> extensionOf(v, realm), "expected sip:<extension>@" + realm)));
            t.renames(o + "URI", instance, v -> extensionOf(v, realm));
        }
        for (Map.Entry<Integer, Map<String, String>> e : in.pendingAccounts().entrySet()) {
            String o = accounts + e.getKey() + ".";
            Map<String, String> f = e.getValue();
            t.object(o, true);
            t.add(Param.fixed(o + "Enable", S, "Disable"));
            t.add(Param.ro(o + "Status", S, "Disabled"));
            t.add(Param.rw(o + "AuthUserName", S, f.getOrDefault("auth-user", ""), null, (y, v) -> null));
            t.add(Param.rw(o + "AuthPassword", S, "", null, (y, v) -> null));
            t.add(Param.ro(o + "RegistrationStatus", S, "Unregistered"));
            t.add(Param.rw(o + "URI", S, f.containsKey("extension") ? "sip:" + f.get("extension") + "@" + realm : "", null,
                    (y, v) -> extensionOf(v, realm) == null ? "expected sip:<extension>@" + realm : null));
        }
    }

    /**
     * The lines with an HQ identity as clients. Client i is the line of the board's i-th FXS port
     * (the same number as its {@code CallControl.Line.{i}}), so a number stays with its line when
     * another line gains or loses its {@code upstream}; lines without one leave gaps. The table
     * cannot be added to or deleted from over TR-069 (9004, 9001).
     */
    private static void clients(ParameterTree t, ModelInputs in, String vs, List<PortState> fxs) {
        UpstreamConfig up = in.site().upstream();
        boolean network = !up.isEmpty();
        t.add(Param.ro(vs + "SIP.NetworkNumberOfEntries", U, network ? 1 : 0));
        t.object(vs + "SIP.Network.", true);
        if (network) network(t, vs + "SIP.Network.1.", up);
        long clients = fxs.stream().map(p -> in.site().lines().get(p.id())).filter(l -> l != null && l.upstream() != null).count();
        t.add(Param.ro(vs + "SIP.ClientNumberOfEntries", U, clients));
        t.object(vs + "SIP.Client.", true);
        String domain = up.aorDomain();
        for (int i = 0; i < fxs.size(); i++) {
            LineConfig l = in.site().lines().get(fxs.get(i).id());
            if (l == null || l.upstream() == null) continue;
            String port = l.port();
            String o = vs + "SIP.Client." + (i + 1) + ".";
            t.object(o, true);
            t.add(Param.fixed(o + "Enable", B, true));
            t.add(Param.ro(o + "Status", S, clientStatus(in.upstreamStates().get(port))));
            t.add(Param.ro(o + "Origin", S, "Static"));
            t.add(Param.fixed(o + "RegisterMode", S, "RFC3261"));
            t.add(Param.fixed(o + "MaxSessions", U, VoiceModel.SESSIONS_PER_LINE));
            t.add(Param.fixed(o + "Network", S, vs + "SIP.Network.1")); // the config refuses an HQ identity without HQ servers
            String path = "lines." + port + ".upstream";
            t.add(Param.rw(o + "AuthUserName", S, l.upstream().authUser(), path + ".auth-user", (y, v) -> {
                if (v.isEmpty()) return "an HQ identity needs a digest username";
                upstream(y, port).put("auth-user", v);
                return null;
            }));
            t.add(Param.rw(o + "AuthPassword", S, "", path + ".password", (y, v) -> {
                if (v.isEmpty()) return "an HQ identity needs a password";
                Map<String, Object> m = upstream(y, port);
                m.remove("ha1-md5");
                m.remove("realm");
                m.put("password", v);
                return null;
            }));
            t.add(Param.rw(o + "RegisterURI", S, domain == null ? l.upstream().user() : "sip:" + l.upstream().user() + "@" + domain,
                    path + ".user", (y, v) -> {
                        String user = userOf(v, domain);
                        if (user == null) return "expected sip:<user>@" + domain + " (the domain is upstream.domain, the same for every line)";
                        upstream(y, port).put("user", user);
                        return null;
                    }));
        }
    }

    /** HQ as one SIP network: its preferred server (TR-104 has one proxy per network) and the registration period. */
    private static void network(ParameterTree t, String o, UpstreamConfig up) {
        UpstreamConfig.Server s = up.servers().get(0);
        t.object(o, true);
        t.add(Param.fixed(o + "Enable", B, true));
        t.add(Param.ro(o + "Status", S, "Up"));
        t.add(Param.fixed(o + "ProxyServer", S, s.host()));
        t.add(Param.fixed(o + "ProxyServerPort", U, s.port()));
        t.add(Param.fixed(o + "ProxyServerTransport", S, s.transport().name()));
        t.add(Param.fixed(o + "RegistrarServer", S, s.host()));
        t.add(Param.fixed(o + "RegistrarServerPort", U, s.port()));
        t.add(Param.fixed(o + "RegistrarServerTransport", S, s.transport().name()));
        t.add(Param.fixed(o + "ServerDomain", S, up.aorDomain()));
        t.add(Param.rw(o + "RegisterExpires", U, up.registerExpires(), "upstream.register-expires", (y, v) -> {
            YamlTree.map(y, "upstream").put("register-expires", (int) Math.min(Integer.MAX_VALUE, Long.parseLong(v.strip())));
            return null;
        }));
    }

    /** A line's upstream registration state ({@code UNREGISTERED}, {@code REGISTERING}, ...) as TR-104's client status. */
    static String clientStatus(String state) {
        if (state == null) return "Initializing";
        return switch (state) {
            case "REGISTERED" -> "Up";
            case "REGISTERING" -> "Registering";
            case "FAILED" -> "Error_Registration";
            default -> "Initializing";
        };
    }

    /** The user part of {@code sip:<user>@<domain>}, or null when it is not that form. */
    static String userOf(String uri, String domain) {
        String v = uri.strip();
        if (!v.startsWith("sip:")) return null;
        v = v.substring(4);
        int at = v.indexOf('@');
        if (at < 1 || domain == null || !v.substring(at + 1).equalsIgnoreCase(domain)) return null;
        return v.substring(0, at); // the site config's validation checks it is a SIP user part
    }

    /** The extension in {@code sip:<ext>@<realm>} (or a bare extension), or null. */
    static String extensionOf(String uri, String realm) {
        String v = uri.strip();
        if (v.startsWith("sip:")) {
            v = v.substring(4);
            int at = v.indexOf('@');
            if (at < 0 || !v.substring(at + 1).equals(realm)) return null;
            v = v.substring(0, at);
        }
        return v.matches("\\d{2,15}") ? v : null;
    }

    private static Map<String, Object> upstream(Map<String, Object> y, String port) {
        return YamlTree.map(YamlTree.map(YamlTree.map(y, "lines"), port), "upstream");
    }
}
