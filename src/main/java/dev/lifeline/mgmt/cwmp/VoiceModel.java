package dev.lifeline.mgmt.cwmp;

import dev.lifeline.config.SipUser;
import dev.lifeline.mgmt.controller.GatewayControl.PortState;
import java.util.List;
import java.util.Map;

/**
 * {@code Device.Services.VoiceService.1.} (TR-104 Issue 2, VoiceService:2) over the running
 * gateway: the analog ports as {@code POTS.FXS.{i}.}, their extensions as
 * {@code CallControl.Line.{i}.} (instance i is the board's i-th FXS port), and the branch's SIP
 * phones as accounts of the gateway's own registrar, {@code SIP.Registrar.1.Account.{i}.} (instance
 * i is the i-th entry of {@code users:}). Every parameter here exists in tr-104-2-0-0-full.xml with
 * the same type and access ({@code Tr104ModelTest} checks). Writable parameters the gateway cannot
 * honour with another value accept only the value they have ({@link Param#fixed}). The PSTN lines
 * are {@code POTS.FXO.{i}.}; the codecs the gateway speaks on SIP legs are
 * {@code Capabilities.Codec.{i}.}, each with its {@code CodecProfile.{i}.}.
 */
final class VoiceModel {
    private static final String S = "xsd:string", U = "xsd:unsignedInt", B = "xsd:boolean", I = "xsd:int";
    /** Calls one analog line can be in at once (call waiting, three-way calling). */
    static final int SESSIONS_PER_LINE = 2;

    private VoiceModel() {}

    /**
     * What SIP legs negotiate (media.md): G.711 both laws at 8 kHz, 20 ms packets, no silence
     * suppression (telephone-event rides along; TR-104 lists no codec for it).
     */
    private static final String[] CODECS = {"G.711MuLaw", "G.711ALaw"}; // PCMU, PCMA
    private static final String PTIME = "20";

    static void build(ParameterTree t, ModelInputs in, String vs) {
        List<PortState> fxs = in.fxsPorts();
        List<PortState> fxo = in.snapshot().ports().stream().filter(p -> p.type().equals("fxo")).toList();
        t.object(vs, false);
        t.object(vs + "Capabilities.", false);
        t.add(Param.ro(vs + "Capabilities.MaxLineCount", I, fxs.size()));
        t.add(Param.ro(vs + "Capabilities.MaxSessionsPerLine", I, SESSIONS_PER_LINE));
        t.add(Param.ro(vs + "Capabilities.MaxCallLogCount", I, CallLogModel.MAX_ENTRIES));
        codecs(t, vs);
        t.object(vs + "POTS.", false);
        t.add(Param.ro(vs + "POTS.FXONumberOfEntries", U, fxo.size()));
        t.add(Param.ro(vs + "POTS.FXSNumberOfEntries", U, fxs.size()));
        t.object(vs + "POTS.FXO.", false);
        for (int i = 0; i < fxo.size(); i++) {
            PortState p = fxo.get(i);
            String o = vs + "POTS.FXO." + (i + 1) + ".";
            t.object(o, false);
            t.add(Param.fixed(o + "Enable", B, true));
            t.add(Param.ro(o + "Status", S, p.state().equals("out-of-service") ? "Error" : "Up"));
            t.add(Param.ro(o + "Name", S, p.id()));
            t.add(Param.ro(o + "Active", B, Boolean.TRUE.equals(p.device()))); // the CO line is plugged in
        }
        t.object(vs + "POTS.FXS.", false);
        for (int i = 0; i < fxs.size(); i++) {
            PortState p = fxs.get(i);
            String o = vs + "POTS.FXS." + (i + 1) + ".";
            boolean inService = p.extension() != null;
            t.object(o, false);
            t.add(Param.fixed(o + "Enable", B, inService));
            t.add(Param.ro(o + "Status", S, inService ? (p.state().equals("out-of-service") ? "Error" : "Up") : "Disabled"));
            t.add(Param.ro(o + "Name", S, p.id()));
            t.add(Param.ro(o + "Active", B, Boolean.TRUE.equals(p.device())));
        }
        callControl(t, in, vs, fxs);
        sip(t, in, vs);
        CallLogModel.build(t, in, vs, fxs);
    }

    /** The codecs (read-only capabilities) and their profiles (fixed: the gateway offers each as it is). */
    private static void codecs(ParameterTree t, String vs) {
        t.add(Param.ro(vs + "Capabilities.CodecNumberOfEntries", U, CODECS.length));
        t.object(vs + "Capabilities.Codec.", false);
        for (int i = 0; i < CODECS.length; i++) {
            String o = vs + "Capabilities.Codec." + (i + 1) + ".";
            t.object(o, false);
            t.add(Param.ro(o + "Codec", S, CODECS[i]));
            t.add(Param.ro(o + "BitRate", U, 64_000));
            t.add(Param.ro(o + "PacketizationPeriod", S, PTIME));
            t.add(Param.ro(o + "SilenceSuppression", B, false));
        }
        t.add(Param.ro(vs + "CodecProfileNumberOfEntries", U, CODECS.length));
        // TR-104 lets an ACS add profiles; the gateway has one per codec it speaks, so AddObject answers 9004
        t.object(vs + "CodecProfile.", true);
        for (int i = 0; i < CODECS.length; i++) {
            String o = vs + "CodecProfile." + (i + 1) + ".";
            t.object(o, true);
            t.add(Param.fixed(o + "Enable", B, true));
            t.add(Param.ro(o + "Codec", S, vs + "Capabilities.Codec." + (i + 1)));
            t.add(Param.fixed(o + "PacketizationPeriod", S, PTIME));
            t.add(Param.fixed(o + "SilenceSuppression", B, false));
        }
    }

    private static void callControl(ParameterTree t, ModelInputs in, String vs, List<PortState> fxs) {
        t.object(vs + "CallControl.", false);
        t.add(Param.ro(vs + "CallControl.LineNumberOfEntries", U, fxs.size()));
        // TR-104 lets an ACS add and delete lines; here they are the board's FXS ports, so AddObject
        // answers 9004 (every port has its line) and DeleteObject 9001 (every port needs one)
        t.object(vs + "CallControl.Line.", true);
        for (int i = 0; i < fxs.size(); i++) {
            PortState p = fxs.get(i);
            String o = vs + "CallControl.Line." + (i + 1) + ".";
            String port = p.id();
            t.object(o, true);
            t.add(Param.fixed(o + "Enable", B, p.extension() != null));
            t.add(Param.ro(o + "Status", S, p.extension() == null ? "Disabled" : "Up"));
            t.add(Param.ro(o + "CallStatus", S, callStatus(p.state())));
            String old = p.extension();
            t.add(Param.rw(o + "DirectoryNumber", S, old == null ? "" : old, "lines." + port, (y, v) -> {
                YamlTree.map(YamlTree.map(y, "lines"), port).put("extension", v);
                Renumber.references(y, old, v);
                return null;
            }));
            t.add(Param.fixed(o + "Provider", S, vs + "POTS.FXS." + (i + 1)));
        }
    }

    /** The FXS signalling state as a TR-104 call status. */
    static String callStatus(String state) {
        return switch (state) {
            case "dialtone", "collecting" -> "Dialing";
            case "outgoing" -> "Delivered";
            case "ringing" -> "Alerting";
            case "connected" -> "Connected";
            case "tone", "howler", "lockout" -> "Disconnected";
            default -> "Idle";
        };
    }

    private static void sip(ParameterTree t, ModelInputs in, String vs) {
        String realm = in.site().sip().realm();
        List<SipUser> users = in.site().users();
        t.object(vs + "SIP.", false);
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
        for (int i = 0; i < users.size(); i++) {
            SipUser u = users.get(i);
            int index = i;
            String o = accounts + (i + 1) + ".";
            boolean registered = DeviceModel.contacts(in, u) > 0;
            t.object(o, true);
            t.add(Param.fixed(o + "Enable", S, "Enable"));
            t.add(Param.ro(o + "Status", S, "Up"));
            t.add(Param.rw(o + "AuthUserName", S, u.authUser(), "users[" + i + "]", (y, v) -> {
                user(y, index).put("auth-user", v);
                return null;
            }));
            t.add(Param.rw(o + "AuthPassword", S, "", "users[" + i + "]", (y, v) -> {
                Map<String, Object> m = user(y, index);
                m.remove("ha1-md5");
                m.remove("ha1-sha256");
                m.put("password", v);
                return null;
            }));
            t.add(Param.ro(o + "RegistrationStatus", S, registered ? "Registered" : "Unregistered"));
            t.add(Param.rw(o + "URI", S, "sip:" + u.extension() + "@" + realm, "users[" + i + "].extension", (y, v) -> {
                String ext = extensionOf(v, realm);
                if (ext == null) return "expected sip:<extension>@" + realm;
                user(y, index).put("extension", ext);
                Renumber.references(y, u.extension(), ext);
                return null;
            }));
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> user(Map<String, Object> y, int index) {
        return (Map<String, Object>) YamlTree.list(y, "users").get(index);
    }
}
