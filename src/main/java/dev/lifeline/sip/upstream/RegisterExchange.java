package dev.lifeline.sip.upstream;

import dev.lifeline.config.UpstreamConfig;
import java.util.List;

/**
 * One REGISTER as the registration logic sees it, without SIP stack types: what to send
 * ({@link Request}) and what came back ({@link Reply}).
 */
final class RegisterExchange {
    private RegisterExchange() {}

    /**
     * @param authHeader "Authorization" or "Proxy-Authorization", null when sent without credentials
     */
    record Request(String callId, long cseq, String user, String domain, UpstreamConfig.Server server, int expires,
                   String authHeader, String authValue) {
        /** The Request-URI, which is also the digest-uri: the registrar's domain. */
        String requestUri() { return "sip:" + domain; }

        @Override
        public String toString() {
            return "REGISTER " + user + "@" + domain + " via " + server.host() + ":" + server.port() + " cseq " + cseq
                    + " expires " + expires + (authHeader == null ? "" : " with credentials");
        }
    }

    /**
     * @param grantedExpires the lifetime HQ granted our contact (Contact expires param or Expires), -1 if it named none
     * @param challenges     WWW-Authenticate / Proxy-Authenticate values of a 401/407
     * @param minExpires     Min-Expires of a 423, else -1
     */
    record Reply(String callId, long cseq, int status, int grantedExpires, List<String> challenges, int minExpires) {}

    /** Sends a REGISTER; the reply comes back through {@link LineRegistration#onReply}. */
    interface Transport {
        /** Returns how to abandon the transaction (our own timeout); throws when it cannot be sent at all. */
        Runnable send(Request request) throws Exception;
    }
}
