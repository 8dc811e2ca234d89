package dev.lifeline.mgmt.cwmp;

import dev.lifeline.store.Cdr;
import dev.lifeline.store.RtpStats;

/**
 * {@code CallLog.{i}.Session.{i}.}: the media session of a logged call, from the RTP statistics
 * the CDR keeps for its SIP leg (the caller's when it is a SIP leg, else the callee's; see
 * {@code call.CallRecords}). Those statistics describe that leg, so they are the RTP of the
 * {@code Source} side when the caller was the SIP leg and of the {@code Destination} side
 * otherwise; the other (analog) side has no RTP and its object stays empty. Only what the CDR
 * measured is shown: packets sent, received and lost, receive jitter, round-trip time, and as
 * {@code PacketsDiscarded} the packets SRTP dropped (failed authentication or replays).
 */
final class CallSessionModel {
    private static final String S = "xsd:string", U = "xsd:unsignedInt", I = "xsd:int", UL = "xsd:unsignedLong";
    /** G.711's RTP clock: TR-104 gives interarrival jitter in timestamp units. */
    private static final int CLOCK_HZ = 8000;
    private static final long MAX_U32 = 0xFFFF_FFFFL;

    private CallSessionModel() {}

    /** The sessions of the call log entry {@code entry} (ending in a dot). */
    static void build(ParameterTree t, String entry, Cdr c) {
        RtpStats r = c.rtp();
        t.add(Param.ro(entry + "SessionNumberOfEntries", U, r == null ? 0 : 1));
        t.object(entry + "Session.", false);
        if (r == null) return;
        String o = entry + "Session.1.";
        t.object(o, false);
        t.add(Param.ro(o + "StreamType", S, "Audio"));
        t.add(Param.ro(o + "Start", "xsd:dateTime", (c.answer() != null ? c.answer() : c.start()).toString()));
        t.add(Param.ro(o + "Duration", U, c.billableSec()));
        t.add(Param.ro(o + "SessionID", S, c.uuid().replace("-", "").substring(0, 16)));
        boolean sourceIsSip = isSipLeg(c.srcLeg());
        side(t, o + "Source.", sourceIsSip ? r : null, c);
        side(t, o + "Destination.", sourceIsSip ? null : r, c);
    }

    static boolean isSipLeg(String leg) { return leg != null && (leg.startsWith("sip:") || leg.startsWith("hq:")); }

    private static void side(ParameterTree t, String o, RtpStats r, Cdr c) {
        t.object(o, false);
        t.object(o + "RTP.", false);
        if (r == null) return;
        String p = o + "RTP.";
        t.add(Param.ro(p + "PacketsSent", UL, r.packetsSent()));
        t.add(Param.ro(p + "PacketsReceived", UL, r.packetsReceived()));
        t.add(Param.ro(p + "PacketsLost", U, Math.min(MAX_U32, Math.max(0, r.packetsLost()))));
        t.add(Param.ro(p + "PacketsDiscarded", U, Math.min(MAX_U32, r.srtpAuthFailures() + r.srtpReplays())));
        t.add(Param.ro(p + "ReceivePacketLossRate", U, lossPercent(r)));
        t.add(Param.ro(p + "ReceiveInterarrivalJitter", I, Math.round(r.jitterMs() * CLOCK_HZ / 1000.0)));
        t.add(Param.ro(p + "RoundTripDelay", I, r.rttMs() > 0 ? Math.round(r.rttMs() * 1000) : -1)); // microseconds; -1: unknown
        if (c.codec() != null) t.add(Param.ro(p + "SamplingFrequency", U, CLOCK_HZ));
    }

    /** Lost of expected (received + lost), in whole percent (RFC 3550 §6.4's fraction lost, as a percentage). */
    static long lossPercent(RtpStats r) {
        long lost = Math.max(0, r.packetsLost());
        long expected = r.packetsReceived() + lost;
        return expected == 0 ? 0 : Math.round(100.0 * lost / expected);
    }
}
