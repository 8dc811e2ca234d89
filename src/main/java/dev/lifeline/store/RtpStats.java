package dev.lifeline.store;

/**
 * Media quality of a call as seen by the gateway (RTCP-style), kept in the CDR for troubleshooting.
 *
 * @param jitterMs interarrival jitter, milliseconds
 * @param rttMs    round-trip time, milliseconds (0 if unknown)
 */
public record RtpStats(long packetsSent, long packetsReceived, long packetsLost, double jitterMs, double rttMs) {}
