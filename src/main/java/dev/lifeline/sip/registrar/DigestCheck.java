package dev.lifeline.sip.registrar;

import dev.lifeline.config.SipUser;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.tinylog.Logger;

/**
 * The one policy for a request's digest credentials, shared by REGISTER (401) and INVITE (407):
 * no credentials earn a challenge, a wrong answer counts towards the source's block, a stale or
 * replayed nonce earns a fresh one. Callers only render the verdict in their own response.
 */
final class DigestCheck {
    /** What to answer. */
    enum Verdict {
        OK,
        /** No credentials: challenge. */
        CHALLENGE,
        /** Wrong credentials, source not (yet) blocked: challenge again. */
        FAILED,
        /** Expired or replayed nonce: challenge with stale=true. */
        STALE,
        /** Too many failures from this source: 403. */
        FORBIDDEN
    }

    private DigestCheck() {}

    /**
     * @param userFor the user the credentials claim to be (null when unknown: checked against a
     *                dummy HA1 so the answer cannot tell unknown users from wrong passwords)
     */
    static Verdict check(DigestAuthenticator auth, AuthThrottle throttle, String source, String realm, String method,
                         Optional<DigestCredentials> credentials, Function<DigestCredentials, SipUser> userFor,
                         Predicate<String> uriMatches) {
        if (credentials.isEmpty()) return Verdict.CHALLENGE;
        DigestCredentials c = credentials.get();
        // Credentials for another realm (HQ's, carried over by a phone when the mode changes) are
        // not a guess at ours: challenge, and do not count them towards the source's block.
        if (!realm.equals(c.realm())) return Verdict.CHALLENGE;
        return switch (auth.verify(c, method, realm, userFor.apply(c), uriMatches)) {
            case OK -> Verdict.OK;
            case FAILED -> throttle.failure(source, BindingLog.printable(c.username())) ? Verdict.FORBIDDEN : Verdict.FAILED;
            case STALE -> Verdict.STALE;
            case REPLAY -> {
                Logger.info("sip: refused a replayed nonce count from {} (user '{}')", source, BindingLog.printable(c.username()));
                yield Verdict.STALE;
            }
        };
    }
}
