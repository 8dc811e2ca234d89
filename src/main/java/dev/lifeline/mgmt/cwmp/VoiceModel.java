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
 * i is stable: {@link AgentState#accountInstances}), the gateway's user agents toward HQ as
 * {@code SIP.Client.{i}.} ({@link SipModel}), both kinds of extension as
 * {@code CallControl.Extension.{i}.} ({@link ExtensionModel}) and the media settings as
 * {@code VoIPProfile.1.} ({@link VoipProfileModel}). Every parameter here exists in tr-104-2-0-0-full.xml with
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
    /** TR-104 names of the codecs the gateway speaks to SIP legs. TR-104 2.0.0 has no value for Opus, so it is not listed. */
    private static final java.util.Map<String, String> TR104_NAMES = java.util.Map.of("PCMU", "G.711MuLaw", "PCMA", "G.711ALaw", "G722", "G.722");
    private static final String PTIME = "20";

    static void build(ParameterTree t, ModelInputs in, String vs) {
        List<PortState> fxs = in.fxsPorts();
        List<PortState> fxo = in.snapshot().ports().stream().filter(p -> p.type().equals("fxo")).toList();
        t.object(vs, false);
        t.object(vs + "Capabilities.", false);
        t.add(Param.ro(vs + "Capabilities.MaxLineCount", I, fxs.size()));
        t.add(Param.ro(vs + "Capabilities.MaxSessionsPerLine", I, SESSIONS_PER_LINE));
        t.add(Param.ro(vs + "Capabilities.MaxCallLogCount", I, CallLogModel.MAX_ENTRIES));
        codecs(t, in, vs);
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
        ExtensionModel.build(t, in, vs, fxs);
        SipModel.build(t, in, vs, fxs);
        VoipProfileModel.build(t, in, vs);
        CallLogModel.build(t, in, vs, fxs);
    }

    /**
     * The codecs (read-only capabilities) of {@code sip.codecs}, in its order, and their profiles
     * (fixed: the gateway offers each as it is).
     */
    private static void codecs(ParameterTree t, ModelInputs in, String vs) {
        String[] codecs = in.site().sip().codecs().order().stream().map(TR104_NAMES::get).filter(java.util.Objects::nonNull)
                .toArray(String[]::new);
        t.add(Param.ro(vs + "Capabilities.CodecNumberOfEntries", U, codecs.length));
        t.object(vs + "Capabilities.Codec.", false);
        for (int i = 0; i < codecs.length; i++) {
            String o = vs + "Capabilities.Codec." + (i + 1) + ".";
            t.object(o, false);
            t.add(Param.ro(o + "Codec", S, codecs[i]));
            t.add(Param.ro(o + "BitRate", U, 64_000)); // G.711 and G.722 alike
            t.add(Param.ro(o + "PacketizationPeriod", S, PTIME));
            t.add(Param.ro(o + "SilenceSuppression", B, false));
        }
        t.add(Param.ro(vs + "CodecProfileNumberOfEntries", U, codecs.length));
        // TR-104 lets an ACS add profiles; the gateway has one per codec it speaks, so AddObject answers 9004
        t.object(vs + "CodecProfile.", true);
        for (int i = 0; i < codecs.length; i++) {
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
            t.add(Param.rw(o + "DirectoryNumber", S, old == null ? "" : old, "lines." + port, lineNumber(port, old)));
            t.add(Param.fixed(o + "Provider", S, vs + "POTS.FXS." + (i + 1)));
        }
    }

    /** Gives the line of {@code port} another extension (and what refers to its old one follows it). */
    static Param.Setter lineNumber(String port, String old) {
        return (y, v) -> {
            YamlTree.map(YamlTree.map(y, "lines"), port).put("extension", v);
            Renumber.references(y, old, v);
            return null;
        };
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

    /** Account instance by SIP user extension (stable: {@link AgentState#accountInstances}). */
    static Map<String, Integer> accountInstances(ModelInputs in) {
        return in.state().accountInstances(in.site().users().stream().map(SipUser::extension).toList());
    }

    /**
     * Gives {@code users[index]} another extension (and what refers to its old one follows it).
     *
     * @param parse the extension a written value names, or null when the value is not one
     */
    static Param.Setter userNumber(int index, String old, java.util.function.Function<String, String> parse, String expected) {
        return (y, v) -> {
            String ext = parse.apply(v);
            if (ext == null) return expected;
            user(y, index).put("extension", ext);
            Renumber.references(y, old, ext);
            return null;
        };
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> user(Map<String, Object> y, int index) {
        return (Map<String, Object>) YamlTree.list(y, "users").get(index);
    }
}
