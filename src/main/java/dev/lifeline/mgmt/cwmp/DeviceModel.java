package dev.lifeline.mgmt.cwmp;

import dev.lifeline.config.SipUser;
import dev.lifeline.config.Tr069Config;
import java.util.List;
import java.util.Map;

/**
 * The TR-181 root ({@code Device.DeviceInfo.}, {@code Device.ManagementServer.}) over the running
 * gateway; the voice service is {@link VoiceModel}. Parameters whose write changes the site config
 * write the {@code tr069:} section, so a change made here is a config version like any other.
 */
final class DeviceModel {
    static final String OUI = "000000"; // no IEEE OUI assigned to the project yet (docs/tr069.md)
    static final String INFO = "Device.DeviceInfo.";
    static final String MS = "Device.ManagementServer.";
    private static final String S = "xsd:string", U = "xsd:unsignedInt", B = "xsd:boolean";

    private DeviceModel() {}

    /** The forced Inform parameters (TR-181 Device:2, TR-069 Table 7). */
    static final List<String> FORCED = List.of("Device.RootDataModelVersion", INFO + "HardwareVersion",
            INFO + "SoftwareVersion", INFO + "ProvisioningCode", MS + "ParameterKey", MS + "ConnectionRequestURL");

    static ParameterTree build(ModelInputs in) {
        ParameterTree t = new ParameterTree();
        t.object(ParameterTree.ROOT, false);
        t.add(Param.ro("Device.RootDataModelVersion", S, "2.15"));
        t.object(INFO, false);
        t.add(Param.ro(INFO + "Manufacturer", S, "Lifeline"));
        t.add(Param.ro(INFO + "ManufacturerOUI", S, OUI));
        t.add(Param.ro(INFO + "ModelName", S, "Lifeline branch gateway"));
        t.add(Param.ro(INFO + "ProductClass", S, productClass(in)));
        t.add(Param.ro(INFO + "SerialNumber", S, in.site().gatewayId()));
        t.add(Param.ro(INFO + "HardwareVersion", S, in.board().board()));
        t.add(Param.ro(INFO + "SoftwareVersion", S, in.software()));
        t.add(new Param(INFO + "ProvisioningCode", S, true, in.state().provisioningCode(),
                (y, v) -> v.length() > 64 ? "at most 64 characters" : null, null));
        t.add(Param.ro(INFO + "UpTime", U, in.uptimeSeconds()));
        managementServer(t, in);
        t.object("Device.Services.", false);
        t.add(Param.ro("Device.Services.VoiceServiceNumberOfEntries", U, 1));
        t.object("Device.Services.VoiceService.", false);
        VoiceModel.build(t, in, "Device.Services.VoiceService.1.");
        return t;
    }

    static String productClass(ModelInputs in) { return "Lifeline-" + in.board().board(); }

    private static void managementServer(ParameterTree t, ModelInputs in) {
        Tr069Config c = in.site().tr069();
        t.object(MS, false);
        t.add(Param.rw(MS + "URL", S, c == null ? "" : c.acsUrl(), "tr069.acs-url", (y, v) -> {
            tr069(y).put("acs-url", v);
            return null;
        }));
        t.add(Param.rw(MS + "Username", S, c == null || c.username() == null ? "" : c.username(), "tr069.username", (y, v) -> {
            if (v.isEmpty()) tr069(y).remove("username");
            else tr069(y).put("username", v);
            return null;
        }));
        t.add(Param.rw(MS + "Password", S, "", "tr069.password", (y, v) -> {
            if (v.isEmpty()) tr069(y).remove("password");
            else tr069(y).put("password", v);
            return null;
        }));
        t.add(Param.fixed(MS + "PeriodicInformEnable", B, true));
        t.add(Param.rw(MS + "PeriodicInformInterval", U, c == null ? 0 : c.periodicInformMs() / 1000,
                "tr069.periodic-inform-interval", (y, v) -> {
                    long s = Long.parseLong(v.strip());
                    if (s < 30) return "the gateway informs at least every 30 seconds apart";
                    tr069(y).put("periodic-inform-interval", s + "s");
                    return null;
                }));
        t.add(Param.ro(MS + "ParameterKey", S, in.state().parameterKey()));
        t.add(Param.ro(MS + "ConnectionRequestURL", S, in.connectionRequestUrl() == null ? "" : in.connectionRequestUrl()));
        t.add(Param.rw(MS + "ConnectionRequestUsername", S,
                c == null || c.connectionRequest() == null ? "" : c.connectionRequest().username(),
                "tr069.connection-request.username", (y, v) -> {
                    YamlTree.map(tr069(y), "connection-request").put("username", v);
                    return null;
                }));
        t.add(Param.rw(MS + "ConnectionRequestPassword", S, "", "tr069.connection-request.password", (y, v) -> {
            YamlTree.map(tr069(y), "connection-request").put("password", v);
            return null;
        }));
    }

    private static Map<String, Object> tr069(Map<String, Object> y) { return YamlTree.map(y, "tr069"); }

    /** Registered contacts of a SIP user, 0 when none. */
    static int contacts(ModelInputs in, SipUser u) { return in.contacts().getOrDefault(u.extension(), 0); }
}
