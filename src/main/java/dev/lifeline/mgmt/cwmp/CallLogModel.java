package dev.lifeline.mgmt.cwmp;

import dev.lifeline.call.Q850;
import dev.lifeline.mgmt.controller.GatewayControl.PortState;
import dev.lifeline.store.Cdr;
import java.util.List;
import java.util.Map;

/**
 * {@code VoiceService.1.CallLog.{i}.} from the CDR journal: the newest {@link #MAX_ENTRIES} calls,
 * instance 1 the newest (the journal is what the controller also receives, so an ACS and the
 * controller see the same calls). {@code Source}/{@code Destination} name the line or extension
 * of each side when it is one of the gateway's own ({@code ""} for HQ and the PSTN: no Trunk object);
 * a call that had a SIP leg has one {@code Session.1.} with that leg's RTP statistics
 * ({@link CallSessionModel}).
 */
final class CallLogModel {
    /** How many calls the log shows: enough for a branch's recent hour, small enough for one GPV. */
    static final int MAX_ENTRIES = 50;
    private static final String S = "xsd:string", U = "xsd:unsignedInt";

    private CallLogModel() {}

    static void build(ParameterTree t, ModelInputs in, String vs, List<PortState> fxs) {
        List<Cdr> log = in.callLog().size() > MAX_ENTRIES ? in.callLog().subList(0, MAX_ENTRIES) : in.callLog();
        Map<String, Integer> accounts = VoiceModel.accountInstances(in);
        t.add(Param.ro(vs + "CallLogNumberOfEntries", U, log.size()));
        t.object(vs + "CallLog.", false);
        for (int i = 0; i < log.size(); i++) {
            Cdr c = log.get(i);
            String o = vs + "CallLog." + (i + 1) + ".";
            t.object(o, false);
            t.add(Param.ro(o + "CallingPartyNumber", S, c.callingNumber()));
            t.add(Param.ro(o + "CalledPartyNumber", S, c.calledNumber()));
            t.add(Param.ro(o + "RemoteParty", S, clip(remoteParty(c), 32)));
            t.add(Param.ro(o + "UsedLine", S, usedLine(c, vs, fxs)));
            t.add(Param.ro(o + "Direction", S, c.direction().equals("inbound") ? "Incoming" : "Outgoing"));
            t.add(Param.ro(o + "Start", "xsd:dateTime", c.start().toString()));
            t.add(Param.ro(o + "Duration", U, c.billableSec()));
            t.add(Param.ro(o + "CallTerminationCause", S, terminationCause(c)));
            t.add(Param.ro(o + "Source", S, party(c.srcLeg(), vs, fxs, accounts)));
            t.add(Param.ro(o + "Destination", S, party(c.dstLeg(), vs, fxs, accounts)));
            CallSessionModel.build(t, o, c);
        }
    }

    /** The party outside the gateway: the caller of an incoming call, the called number otherwise. */
    static String remoteParty(Cdr c) { return c.direction().equals("inbound") ? c.callingNumber() : c.calledNumber(); }

    /** {@code …CallControl.Line.{i}} of the analog line the call used (the caller's first), or empty. */
    static String usedLine(Cdr c, String vs, List<PortState> fxs) {
        for (String leg : new String[] {c.srcLeg(), c.dstLeg()}) {
            if (leg == null || !leg.startsWith("fxs:")) continue;
            String port = leg.substring(4);
            for (int i = 0; i < fxs.size(); i++) {
                if (fxs.get(i).id().equals(port)) return vs + "CallControl.Line." + (i + 1);
            }
        }
        return "";
    }

    /**
     * The gateway's own object a leg is: {@code CallControl.Line.{i}} for an analog line,
     * {@code CallControl.Extension.{n}} for a branch SIP phone (by its extension now), else empty.
     */
    static String party(String leg, String vs, List<PortState> fxs, Map<String, Integer> accounts) {
        if (leg == null) return "";
        if (leg.startsWith("fxs:")) {
            for (int i = 0; i < fxs.size(); i++) {
                if (fxs.get(i).id().equals(leg.substring(4))) return vs + "CallControl.Line." + (i + 1);
            }
            return "";
        }
        if (leg.startsWith("sip:")) {
            int at = leg.indexOf('@');
            Integer account = accounts.get(leg.substring(4, at < 0 ? leg.length() : at));
            if (account != null) return vs + "CallControl.Extension." + (fxs.size() + account);
        }
        return "";
    }

    /**
     * The Q.850 cause as TR-104's enumeration. TR-104 has no neutral "normal clearing": a cleared
     * call counts as {@code LocalDisconnect} (the CDR does not record which side hung up).
     */
    static String terminationCause(Cdr c) {
        return switch (c.q850Cause()) {
            case Q850.NORMAL_CLEARING, Q850.NORMAL_UNSPECIFIED, Q850.NON_SELECTED_USER_CLEARING -> "LocalDisconnect";
            case Q850.USER_BUSY -> "RemoteBusy";
            case Q850.NO_USER_RESPONDING, Q850.NO_ANSWER -> "RemoteTimeout";
            case Q850.UNALLOCATED_NUMBER, Q850.NO_ROUTE -> "RemoteNotFound";
            case Q850.INVALID_NUMBER_FORMAT -> "RemoteBadRequest";
            case Q850.SUBSCRIBER_ABSENT -> "RemoteUnavailable";
            case Q850.CALL_REJECTED -> "RemoteReject";
            case Q850.NO_CIRCUIT, Q850.TEMPORARY_FAILURE -> "RemoteNetworkFailure";
            default -> "LocalInternalError";
        };
    }

    private static String clip(String s, int max) { return s.length() <= max ? s : s.substring(0, max); }
}
