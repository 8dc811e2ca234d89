package dev.lifeline.mgmt.cwmp;

import dev.lifeline.config.SrtpPolicy;
import dev.lifeline.media.rtp.RtpPortPool;
import java.util.Map;

/**
 * {@code VoIPProfile.1.}: the media settings of every SIP leg, one profile because the gateway
 * has one set of them. DTMF goes as RFC 4733 telephone-events; RTP uses the pool's fixed port
 * range with RTCP on; packets are not DSCP-marked (DSCPMark 0); SRTP is SDES-keyed (SDP) with
 * 128-bit AES. Only SRTP's Enable is a config setting ({@code sip.srtp}): false is {@code off}, true
 * keeps {@code optional} or {@code mandatory} (and turns {@code off} into {@code optional}). The
 * rest are what the gateway does, so they accept only their value ({@link Param#fixed}).
 */
final class VoipProfileModel {
    private static final String S = "xsd:string", U = "xsd:unsignedInt", B = "xsd:boolean";

    private VoipProfileModel() {}

    static void build(ParameterTree t, ModelInputs in, String vs) {
        t.add(Param.ro(vs + "VoIPProfileNumberOfEntries", U, 1));
        t.object(vs + "VoIPProfile.", true); // the gateway's one profile: AddObject 9004, DeleteObject 9001
        String o = vs + "VoIPProfile.1.";
        t.object(o, true);
        t.add(Param.fixed(o + "Enable", B, true));
        t.add(Param.fixed(o + "Name", S, "sip-legs"));
        t.add(Param.fixed(o + "DTMFMethod", S, "RFC4733"));
        t.add(Param.fixed(o + "DTMFMethodG711", S, "RFC4733"));
        String rtp = o + "RTP.";
        t.object(rtp, false);
        t.add(Param.fixed(rtp + "LocalPortMin", U, RtpPortPool.DEFAULT_MIN));
        t.add(Param.fixed(rtp + "LocalPortMax", U, RtpPortPool.DEFAULT_MAX));
        t.add(Param.fixed(rtp + "DSCPMark", U, 0));
        t.object(rtp + "RTCP.", false);
        t.add(Param.fixed(rtp + "RTCP.Enable", B, true));
        String srtp = rtp + "SRTP.";
        SrtpPolicy policy = in.site().sip().srtp();
        t.object(srtp, false);
        t.add(Param.rw(srtp + "Enable", B, policy != SrtpPolicy.OFF, "sip.srtp", (y, v) -> {
            Map<String, Object> sip = YamlTree.map(y, "sip");
            if (!Types.bool(v)) sip.put("srtp", SrtpPolicy.OFF.configName());
            else if (policy == SrtpPolicy.OFF) sip.put("srtp", SrtpPolicy.OPTIONAL.configName());
            return null;
        }));
        t.add(Param.fixed(srtp + "KeyingMethods", S, "SDP"));
        t.add(Param.fixed(srtp + "EncryptionKeySizes", S, "128"));
    }
}
