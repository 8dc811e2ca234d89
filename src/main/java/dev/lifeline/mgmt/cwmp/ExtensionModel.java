package dev.lifeline.mgmt.cwmp;

import dev.lifeline.config.LineConfig;
import dev.lifeline.config.SipUser;
import dev.lifeline.mgmt.controller.GatewayControl.PortState;
import java.util.List;
import java.util.Map;

/**
 * {@code CallControl.Extension.{i}.}: the extensions the gateway serves, the analog lines first
 * (instance i is the board's i-th FXS port, its Provider {@code POTS.FXS.{i}}), then the SIP phones
 * (instance = FXS port count + the phone's account instance, its Provider
 * {@code SIP.Registrar.1.Account.{n}}). Why numbered after the account: account numbers are stable
 * across deletions and restarts, so extension numbers are too. Number and name are the same config
 * fields the Line and Account objects write, through the same setters.
 */
final class ExtensionModel {
    private static final String S = "xsd:string", U = "xsd:unsignedInt", B = "xsd:boolean";

    private ExtensionModel() {}

    static void build(ParameterTree t, ModelInputs in, String vs, List<PortState> fxs) {
        String cc = vs + "CallControl.";
        List<SipUser> users = in.site().users();
        int lines = 0;
        for (PortState p : fxs) if (p.extension() != null) lines++;
        t.add(Param.ro(cc + "ExtensionNumberOfEntries", U, lines + users.size()));
        // TR-104 lets an ACS add extensions; here they are the lines and the SIP users (made as accounts): 9004 and 9001
        t.object(cc + "Extension.", true);
        for (int i = 0; i < fxs.size(); i++) {
            PortState p = fxs.get(i);
            if (p.extension() == null) continue; // a port the site does not use has no extension
            String port = p.id();
            LineConfig line = in.site().lines().get(port);
            String o = cc + "Extension." + (i + 1) + ".";
            common(t, o, p.extension(), vs + "POTS.FXS." + (i + 1));
            t.add(Param.ro(o + "CallStatus", S, VoiceModel.callStatus(p.state())));
            t.add(Param.rw(o + "ExtensionNumber", S, p.extension(), "lines." + port, VoiceModel.lineNumber(port, p.extension())));
            t.add(Param.rw(o + "Name", S, line == null || line.name() == null ? "" : line.name(), "lines." + port + ".name",
                    (y, v) -> name(YamlTree.map(YamlTree.map(y, "lines"), port), v)));
        }
        Map<String, Integer> accounts = VoiceModel.accountInstances(in);
        for (int i = 0; i < users.size(); i++) {
            SipUser u = users.get(i);
            int index = i;
            int account = accounts.get(u.extension());
            String o = cc + "Extension." + (fxs.size() + account) + ".";
            common(t, o, u.extension(), vs + "SIP.Registrar.1.Account." + account);
            t.add(Param.rw(o + "ExtensionNumber", S, u.extension(), "users[" + i + "].extension",
                    VoiceModel.userNumber(index, u.extension(), ExtensionModel::digits, "an extension is 2-15 digits")));
            t.renames(o + "ExtensionNumber", account, ExtensionModel::digits);
            t.add(Param.rw(o + "Name", S, u.name() == null ? "" : u.name(), "users[" + i + "].name",
                    (y, v) -> name(VoiceModel.user(y, index), v)));
        }
    }

    private static void common(ParameterTree t, String o, String extension, String provider) {
        t.object(o, true);
        t.add(Param.fixed(o + "Enable", B, true));
        t.add(Param.ro(o + "Status", S, "Up"));
        t.add(Param.ro(o + "Origin", S, "Static"));
        t.add(Param.fixed(o + "Provider", S, provider));
    }

    private static String name(Map<String, Object> entry, String v) {
        if (v.length() > 64) return "a name is at most 64 characters";
        if (v.isEmpty()) entry.remove("name");
        else entry.put("name", v);
        return null;
    }

    private static String digits(String v) { return v.strip().matches("\\d{2,15}") ? v.strip() : null; }
}
