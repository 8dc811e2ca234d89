package dev.lifeline.sip.session;

import java.util.List;
import java.util.Optional;

/**
 * Answers the digest challenge (401 or 407) to an outgoing request, RFC 3261 §22.2. One
 * responder belongs to one dialog or registration: it remembers what it already answered, so a
 * second challenge to credentials it already sent (they were wrong) is not answered again.
 */
@FunctionalInterface
public interface ChallengeResponder {
    /**
     * @param challenges the {@code WWW-Authenticate} (401) or {@code Proxy-Authenticate} (407) values
     * @param method     the request's method (INVITE, REGISTER)
     * @param digestUri  the request's Request-URI as sent
     * @return the {@code Authorization} / {@code Proxy-Authorization} value, or empty to give up
     */
    Optional<String> respond(List<String> challenges, String method, String digestUri);
}
