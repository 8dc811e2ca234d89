package dev.lifeline.sip.session;

/**
 * Which senders of a new INVITE are trusted peers (HQ's servers): their calls are not
 * digest-challenged (HQ authenticated its own callers; it cannot answer the gateway's challenge
 * anyway) and the caller is taken from the From header.
 */
@FunctionalInterface
public interface TrustedPeer {
    /** @param transport udp, tcp or tls (lower-case) */
    boolean trusted(String sourceIp, int sourcePort, String transport);

    TrustedPeer NONE = (ip, port, transport) -> false;
}
