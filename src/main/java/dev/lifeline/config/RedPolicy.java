package dev.lifeline.config;

import java.util.Locale;

/**
 * Whether a SIP leg carries its G.711 audio with RFC 2198 redundancy ({@code sip.red}). Here in
 * config because the site file names it; media and call act on it. Redundancy nearly doubles a
 * G.711 leg's bandwidth, which is why the gateway does not ask for it by default but takes it
 * from a peer that asks.
 */
public enum RedPolicy {
    /** Never: a=rtpmap red in an offer is ignored, and we never offer it. */
    OFF,
    /** Only when the peer offers it (the default): a peer that wants redundancy gets it, the rest pay nothing. */
    ANSWER,
    /** We also offer it on G.711: any peer that knows {@code red} will use it. */
    OFFER;

    /** The config spelling: {@code off}, {@code answer}, {@code offer}. */
    public String configName() { return name().toLowerCase(Locale.ROOT); }
}
