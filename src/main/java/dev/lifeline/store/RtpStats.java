package dev.lifeline.store;

/**
 * Media quality of a call as seen by the gateway (RTCP-style), kept in the CDR for troubleshooting.
 * For an SRTP leg also how many received packets were dropped: failing authentication (tampered,
 * another key, clear RTP sent to an SRTP leg) or replayed. Non-zero counts on an otherwise good
 * call point at an attack or a misconfigured phone, which is why they reach the CDR and the
 * controller and not only the log.
 *
 * @param jitterMs         interarrival jitter, milliseconds
 * @param rttMs            round-trip time, milliseconds (0 if unknown)
 * @param srtpSuite        the SRTP suite of the leg (e.g. {@code AES_CM_128_HMAC_SHA1_80}), or null: plain RTP
 * @param srtpAuthFailures SRTP/SRTCP packets dropped failing authentication
 * @param srtpReplays      SRTP/SRTCP packets dropped as replays
 */
public record RtpStats(long packetsSent, long packetsReceived, long packetsLost, double jitterMs, double rttMs,
                       String srtpSuite, long srtpAuthFailures, long srtpReplays) {

    /** A plain RTP leg. */
    public RtpStats(long packetsSent, long packetsReceived, long packetsLost, double jitterMs, double rttMs) {
        this(packetsSent, packetsReceived, packetsLost, jitterMs, rttMs, null, 0, 0);
    }

    public boolean srtp() { return srtpSuite != null; }
}
