package dev.lifeline.call;

import dev.lifeline.media.rtp.RtpPortPool;
import dev.lifeline.sip.session.SessionManager;
import dev.lifeline.util.Engine;
import java.util.List;

/** What SIP legs need from the gateway: where to post events, how to place INVITEs, RTP ports. */
public record SipContext(CallEngine calls, Engine engine, SessionManager sessions, RtpPortPool rtpPorts,
                         String localIp, ContactLookup contacts) {

    /** Registered contacts of an extension, best (highest q) first. */
    @FunctionalInterface
    public interface ContactLookup {
        List<String> contacts(String extension);
    }
}
