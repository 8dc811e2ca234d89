package dev.lifeline.call;

import dev.lifeline.config.SrtpPolicy;
import dev.lifeline.media.rtp.CodecPreferences;
import dev.lifeline.media.rtp.RtpPortPool;
import dev.lifeline.sip.session.SessionManager;
import dev.lifeline.util.Engine;
import java.util.List;

/** What SIP legs need from the gateway: where to post events, how to place INVITEs, RTP ports, SRTP policy, codecs. */
public record SipContext(CallEngine calls, Engine engine, SessionManager sessions, RtpPortPool rtpPorts,
                         String localIp, ContactLookup contacts, SrtpPolicies srtp, CodecPreferences codecs, FaxPolicy fax) {

    /** With the default fax policy ({@code sip.fax} absent: T.38, redundancy 3). */
    public SipContext(CallEngine calls, Engine engine, SessionManager sessions, RtpPortPool rtpPorts, String localIp,
                      ContactLookup contacts, SrtpPolicies srtp, CodecPreferences codecs) {
        this(calls, engine, sessions, rtpPorts, localIp, contacts, srtp, codecs, FaxPolicy.DEFAULT);
    }

    /** With the default codecs ({@code sip.codecs} absent). */
    public SipContext(CallEngine calls, Engine engine, SessionManager sessions, RtpPortPool rtpPorts, String localIp,
                      ContactLookup contacts, SrtpPolicies srtp) {
        this(calls, engine, sessions, rtpPorts, localIp, contacts, srtp, CodecPreferences.from(dev.lifeline.config.CodecConfig.DEFAULT));
    }

    /** Without SRTP policy: the site default ({@code optional}) everywhere. */
    public SipContext(CallEngine calls, Engine engine, SessionManager sessions, RtpPortPool rtpPorts, String localIp,
                      ContactLookup contacts) {
        this(calls, engine, sessions, rtpPorts, localIp, contacts, SrtpPolicies.fixed(dev.lifeline.config.SipConfig.DEFAULT_SRTP));
    }

    /** Registered contacts of an extension, best (highest q) first. */
    @FunctionalInterface
    public interface ContactLookup {
        List<String> contacts(String extension);
    }

    /** {@code sip.srtp} and the SIP users' own {@code srtp}. */
    public interface SrtpPolicies {
        /** The site's policy: HQ legs and callers that are no SIP user of ours. */
        SrtpPolicy site();

        /** A SIP user's policy (its own, else the site's); the site's for an unknown or null extension. */
        SrtpPolicy forUser(String extension);

        static SrtpPolicies fixed(SrtpPolicy p) {
            return new SrtpPolicies() {
                @Override public SrtpPolicy site() { return p; }
                @Override public SrtpPolicy forUser(String extension) { return p; }
            };
        }
    }
}
