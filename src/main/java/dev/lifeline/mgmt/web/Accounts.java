package dev.lifeline.mgmt.web;

import dev.lifeline.config.WebUser;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * The configured console accounts and the password check. Verifications run one at a time: each
 * costs a PBKDF2 derivation, and a burst of logins must not take the cores the 20 ms tick needs.
 * An unknown name is checked against a dummy hash of the same cost, so the answer's timing does
 * not tell which names exist.
 */
final class Accounts {
    private final Map<String, WebUser> users = new LinkedHashMap<>();
    private final Semaphore oneAtATime = new Semaphore(1, true);
    private final int dummyIterations;
    private String dummy; // made on first use: start-up should not pay for a PBKDF2 derivation

    Accounts(List<WebUser> configured) {
        configured.forEach(u -> users.put(u.name(), u));
        int iterations = configured.stream().map(u -> WebUser.HASH.matcher(u.passwordHash()))
                .filter(java.util.regex.Matcher::matches).mapToInt(m -> Integer.parseInt(m.group(1))).max()
                .orElse(PasswordHash.DEFAULT_ITERATIONS);
        dummyIterations = iterations;
    }

    /** The account when {@code password} is its password; empty for a wrong name or password. */
    Optional<WebUser> authenticate(String name, char[] password) throws InterruptedException {
        WebUser u = name == null ? null : users.get(name);
        oneAtATime.acquire();
        try {
            if (u == null && dummy == null) dummy = PasswordHash.hash("not a password".toCharArray(), dummyIterations, new SecureRandom());
            boolean ok = PasswordHash.verify(password, u == null ? dummy : u.passwordHash());
            return ok && u != null ? Optional.of(u) : Optional.empty();
        } finally {
            oneAtATime.release();
        }
    }
}
