package dev.lifeline.sip.session;

/** Who a SIP call is from or to: user part (an extension), display name, and the full URI. */
public record SipParty(String user, String displayName, String uri) {}
