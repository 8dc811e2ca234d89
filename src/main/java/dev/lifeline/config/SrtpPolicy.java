package dev.lifeline.config;

import java.util.Locale;

/**
 * Whether a SIP leg's media is SRTP (SDES keys, RFC 4568): per site ({@code sip.srtp}) and per
 * SIP user ({@code users[].srtp}). Here in config because the site file names it; media and
 * call act on it.
 */
public enum SrtpPolicy {
    /** Plain RTP only: an RTP/SAVP-only offer is refused (488); a=crypto in an RTP/AVP offer is ignored. */
    OFF,
    /** SRTP when the peer can: we offer RTP/AVP with a=crypto (best-effort SDES) and accept either. */
    OPTIONAL,
    /** SRTP or no call: we offer RTP/SAVP, and refuse an offer without a usable a=crypto (488). */
    MANDATORY;

    /** The config spelling: {@code off}, {@code optional}, {@code mandatory}. */
    public String configName() { return name().toLowerCase(Locale.ROOT); }
}
