package dev.lifeline.sip.session;

import java.util.Map;

/**
 * How to address an outgoing INVITE when the defaults (straight to a registered contact, From and
 * To at the gateway's own address) do not fit — a call placed through HQ: Request-URI and To at
 * HQ's domain, From the caller's identity there, HQ as outbound proxy, digest credentials for
 * HQ's challenge, and private headers.
 *
 * @param requestUri    the Request-URI (and digest-uri), e.g. {@code sip:6001@hq.example.net}
 * @param fromUri       the caller's URI, e.g. {@code sip:6000@hq.example.net}
 * @param fromName      display name of the caller, or null
 * @param toUri         the To URI
 * @param outboundProxy where to send it first (a loose-routing {@code Route}), e.g.
 *                      {@code sip:10.0.0.5:5060;lr}, or null to send to the Request-URI
 * @param headers       extra headers (name → value), e.g. a private correlation header
 * @param credentials   answers 401/407 challenges, or null to fail the call on a challenge
 */
public record OutgoingInvite(String requestUri, String fromUri, String fromName, String toUri, String outboundProxy,
                             Map<String, String> headers, ChallengeResponder credentials) {
    public OutgoingInvite {
        headers = Map.copyOf(headers);
    }
}
